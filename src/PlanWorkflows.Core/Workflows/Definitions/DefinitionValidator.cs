using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using PlanWorkflows.Core.Workflows.Steps;
using Scriban;
using Scriban.Parsing;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>
/// Checks a definition against the step types' metadata before it is published, so an author sees
/// every mistake at once, each naming the step and input, instead of an instance failing months later.
/// </summary>
public static partial class DefinitionValidator
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm"];

    /// <param name="institutionIds">The institutions a recipient may name (<c>institution:&lt;id&gt;</c>): those of institutions.yaml.</param>
    public static IReadOnlyList<DefinitionError> Validate(
        WorkflowDefinitionDocument doc,
        IReadOnlyDictionary<string, StepTypeInfo> stepTypes,
        Func<string, bool> templateExists,
        IReadOnlySet<string> institutionIds)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(stepTypes);
        ArgumentNullException.ThrowIfNull(templateExists);
        ArgumentNullException.ThrowIfNull(institutionIds);

        var errors = new List<DefinitionError>();
        if (!KebabCase().IsMatch(doc.Name ?? string.Empty))
        {
            errors.Add(new(string.Empty, "name", $"'{doc.Name}' is not a kebab-case name such as 'deadline-report'"));
        }

        if (string.IsNullOrWhiteSpace(doc.Title))
        {
            errors.Add(new(string.Empty, "title", "the definition has no title"));
        }

        if (doc.Sequence is not { Count: > 0 })
        {
            errors.Add(new(string.Empty, "sequence", "the root sequence has no steps"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in doc.Walk())
        {
            if (string.IsNullOrWhiteSpace(step.Id))
            {
                errors.Add(new(string.Empty, "id", $"a {step.Type} step named '{step.Name}' has no id"));
            }
            else if (!seen.Add(step.Id))
            {
                errors.Add(new(step.Id, "id", "duplicate step id; ids must be unique within the definition"));
            }

            ValidateStep(step, stepTypes, templateExists, institutionIds, errors);
        }

        return errors;
    }

    private static void ValidateStep(StepNode step, IReadOnlyDictionary<string, StepTypeInfo> stepTypes, Func<string, bool> templateExists, IReadOnlySet<string> institutionIds, List<DefinitionError> errors)
    {
        var id = step.Id ?? string.Empty;
        if (!stepTypes.TryGetValue(step.Type ?? string.Empty, out var info))
        {
            var hint = Closest(step.Type ?? string.Empty, stepTypes.Keys);
            errors.Add(new(id, "type", $"unknown step type '{step.Type}'" + (hint is null ? string.Empty : $"; did you mean '{hint}'?")));
            return;
        }

        var expectedComponent = ComponentName(info.Component);
        if (!string.Equals(step.ComponentType, expectedComponent, StringComparison.Ordinal))
        {
            errors.Add(new(id, "componentType", $"'{step.ComponentType}' does not match step type {info.Type}, which is a '{expectedComponent}'"));
        }

        ValidateInputs(step, info, templateExists, institutionIds, errors);
        ValidateShape(step, info, errors);
    }

    private static void ValidateInputs(StepNode step, StepTypeInfo info, Func<string, bool> templateExists, IReadOnlySet<string> institutionIds, List<DefinitionError> errors)
    {
        var id = step.Id;
        var properties = step.Properties ?? [];
        var inputs = info.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (!inputs.TryGetValue(name, out var input))
            {
                var hint = Closest(name, inputs.Keys);
                var known = inputs.Count == 0 ? "it takes no inputs" : "it takes " + string.Join(", ", inputs.Keys);
                errors.Add(new(id, name, $"{info.Type} has no input '{name}'" + (hint is null ? $"; {known}" : $"; did you mean '{hint}'?")));
                continue;
            }

            if (value is not null && CheckValue(input, value, templateExists, institutionIds) is { } problem)
            {
                errors.Add(new(id, name, problem));
            }
        }

        foreach (var input in info.Inputs.Where(i => i.Required && !IsGiven(properties, i.Name)))
        {
            errors.Add(new(id, input.Name, $"required input of {info.Type} is missing ({input.Description})"));
        }

        foreach (var group in info.ExactlyOneOf)
        {
            var given = group.Count(name => IsGiven(properties, name));
            if (given != 1)
            {
                var what = given == 0 ? "neither is given" : "more than one is given";
                errors.Add(new(id, group[0], $"{info.Type} needs exactly one of {string.Join(", ", group)}; {what}"));
            }
        }

        foreach (var group in info.AtLeastOneOf.Where(g => !g.Any(name => IsGiven(properties, name))))
        {
            errors.Add(new(id, group[0], $"{info.Type} needs at least one of {string.Join(", ", group)}"));
        }
    }

    private static bool IsGiven(JsonObject properties, string name) =>
        properties.TryGetPropertyValue(name, out var value) && value is not null;

    /// <summary>What is wrong with a value for an input, or null when it is fine.</summary>
    internal static string? CheckValue(StepInput input, JsonNode value, Func<string, bool> templateExists, IReadOnlySet<string> institutionIds)
    {
        switch (input.Kind)
        {
            case StepInputKind.Integer:
            case StepInputKind.WorkingDays:
                if (value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out var number))
                {
                    return $"expected a whole number, found {Show(value)}";
                }

                if (number < input.Minimum || number > input.Maximum)
                {
                    return $"{number} is out of range {input.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "…"}..{input.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "…"}";
                }

                return null;

            case StepInputKind.Boolean:
                return value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : $"expected true or false, found {Show(value)}";

            case StepInputKind.Recipients:
                return CheckRecipients(value, institutionIds);
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return $"expected text, found {Show(value)}";
        }

        var text = value.GetValue<string>();
        switch (input.Kind)
        {
            case StepInputKind.Duration:
                try
                {
                    XmlConvert.ToTimeSpan(text);
                    return null;
                }
                catch (FormatException)
                {
                    return $"'{text}' is not an ISO 8601 duration such as P3D or PT12H";
                }

            case StepInputKind.DateTime:
                return DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null
                    : $"'{text}' is not a date yyyy-MM-dd or date-time yyyy-MM-ddTHH:mm";

            case StepInputKind.TimeOfDay:
                return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null
                    : $"'{text}' is not a time of day HH:mm";

            case StepInputKind.Choice:
                var choices = input.Choices ?? [];
                if (choices.Contains(text, StringComparer.Ordinal))
                {
                    return null;
                }

                var near = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                return $"'{text}' is not one of {string.Join(", ", choices)}" + (near is null ? string.Empty : $"; did you mean '{near}'?");

            case StepInputKind.Expression:
                return CheckExpression(text);

            case StepInputKind.Template:
                if (string.IsNullOrWhiteSpace(text))
                {
                    return "the template name is empty";
                }

                return templateExists(text) ? null : $"no mail template '{text}'";

            default:
                return null;
        }
    }

    private static string? CheckRecipients(JsonNode value, IReadOnlySet<string> institutionIds)
    {
        if (value is not JsonArray roles)
        {
            return $"expected a list of roles and institutions, found {Show(value)}";
        }

        if (roles.Count == 0)
        {
            return "the list of recipients is empty";
        }

        foreach (var role in roles)
        {
            if (role?.GetValueKind() != JsonValueKind.String)
            {
                return $"a recipient must be a role name, found {Show(role)}";
            }

            var name = role.GetValue<string>();
            if (Recipients.NamesInstitution(name))
            {
                if (CheckInstitution(name, institutionIds) is { } problem)
                {
                    return problem;
                }
            }
            else if (!BuiltInStepMetadata.RecipientRoles.Contains(name, StringComparer.Ordinal))
            {
                return $"unknown recipient role '{name}'; roles are {string.Join(", ", BuiltInStepMetadata.RecipientRoles)}, or {Recipients.InstitutionPrefix}<id> for a named institution";
            }
        }

        return null;
    }

    private static string? CheckInstitution(string recipient, IReadOnlySet<string> institutionIds)
    {
        if (Recipients.Named(recipient) is not { } named)
        {
            return $"'{recipient}' is not a named institution; write {Recipients.InstitutionPrefix}<id> (its focal point) or {Recipients.InstitutionPrefix}<id>:<role>, role one of {string.Join(", ", Recipients.InstitutionRoles)}";
        }

        if (institutionIds.Contains(named.Id))
        {
            return null;
        }

        var hint = Closest(named.Id, institutionIds);
        return $"unknown institution '{named.Id}' in recipient '{recipient}'; the institutions are those of institutions.yaml" + (hint is null ? string.Empty : $"; did you mean '{hint}'?");
    }

    /// <summary>What is wrong with a Scriban expression, or null when it parses; the designer checks as the author types.</summary>
    public static string? CheckExpression(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the expression is empty";
        }

        var template = Template.Parse(text, lexerOptions: new LexerOptions { Mode = ScriptMode.ScriptOnly });
        if (!template.HasErrors)
        {
            return null;
        }

        var first = template.Messages.FirstOrDefault(m => m.Type == ParserMessageType.Error) ?? template.Messages[0];
        // Scriban places errors at the end of input at column -1; a column there would only mislead.
        var column = first.Span.Start.Column >= 0 ? $" (column {first.Span.Start.Column + 1})" : string.Empty;
        return $"the expression does not parse: {first.Message}{column}";
    }

    private static void ValidateShape(StepNode step, StepTypeInfo info, List<DefinitionError> errors)
    {
        var id = step.Id;
        switch (info.Component)
        {
            case StepComponent.Switch:
                if (step.Sequence is not null)
                {
                    errors.Add(new(id, "sequence", $"{info.Type} is a switch step; its steps belong in branches"));
                }

                ValidateBranches(step, info, errors);
                break;

            case StepComponent.Container:
                if (step.Branches is not null)
                {
                    errors.Add(new(id, "branches", $"{info.Type} is a container step; it has a sequence, not branches"));
                }

                if (step.Sequence is not { Count: > 0 })
                {
                    var what = step.Sequence is null ? "has no sequence" : "has an empty sequence";
                    errors.Add(new(id, "sequence", $"{info.Type} {what}; a container needs at least one step"));
                }

                break;

            default:
                if (step.Branches is not null)
                {
                    errors.Add(new(id, "branches", $"{info.Type} is a task step; it has no branches"));
                }

                if (step.Sequence is not null)
                {
                    errors.Add(new(id, "sequence", $"{info.Type} is a task step; it has no sequence"));
                }

                break;
        }
    }

    private static void ValidateBranches(StepNode step, StepTypeInfo info, List<DefinitionError> errors)
    {
        var id = step.Id;
        if (step.Branches is null)
        {
            errors.Add(new(id, "branches", $"{info.Type} is a switch step and needs branches: {string.Join(", ", info.Outcomes)}"));
            return;
        }

        foreach (var outcome in info.Outcomes.Where(o => !step.Branches.ContainsKey(o)))
        {
            errors.Add(new(id, $"branches.{outcome}", $"{info.Type} needs a branch '{outcome}' (it may be empty)"));
        }

        foreach (var name in step.Branches.Keys)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new(id, "branches", "a branch has an empty name"));
            }
            else if (!info.OpenOutcomes && !info.Outcomes.Contains(name, StringComparer.Ordinal))
            {
                var hint = Closest(name, info.Outcomes);
                errors.Add(new(id, $"branches.{name}", $"{info.Type} has no branch '{name}'; its branches are {string.Join(", ", info.Outcomes)}" + (hint is null ? string.Empty : $"; did you mean '{hint}'?")));
            }
        }

        foreach (var required in info.RequiredBranches)
        {
            if (step.Branches.TryGetValue(required, out var steps) && steps.Count == 0)
            {
                errors.Add(new(id, $"branches.{required}", $"the '{required}' branch of {info.Type} must contain at least one step"));
            }
        }
    }

    private static string ComponentName(StepComponent component) => component switch
    {
        StepComponent.Task => "task",
        StepComponent.Switch => "switch",
        StepComponent.Container => "container",
        _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
    };

    private static string Show(JsonNode? value) => value is null ? "null" : value.ToJsonString();

    /// <summary>A candidate close enough to be the intended spelling, for "did you mean" hints.</summary>
    private static string? Closest(string name, IEnumerable<string> candidates)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(1, name.Length / 4) ? best.Candidate : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
