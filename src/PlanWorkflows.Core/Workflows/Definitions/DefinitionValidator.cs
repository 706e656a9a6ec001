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
            errors.Add(new(string.Empty, "name", T($"'{doc.Name}' is not a kebab-case name such as 'deadline-report'", $"'{doc.Name}' nije naziv malim slovima i crticama, npr. 'deadline-report'")));
        }

        if (string.IsNullOrWhiteSpace(doc.Title))
        {
            errors.Add(new(string.Empty, "title", T("the definition has no title", "tok rada nema naslov")));
        }

        if (doc.Sequence is not { Count: > 0 })
        {
            errors.Add(new(string.Empty, "sequence", T("the root sequence has no steps", "glavni niz nema nijedan korak")));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in doc.Walk())
        {
            if (string.IsNullOrWhiteSpace(step.Id))
            {
                errors.Add(new(string.Empty, "id", T($"a {step.Type} step named '{step.Name}' has no id", $"korak vrste {step.Type} nazvan '{step.Name}' nema id")));
            }
            else if (!seen.Add(step.Id))
            {
                errors.Add(new(step.Id, "id", T("duplicate step id; ids must be unique within the definition", "id koraka se ponavlja; svaki id mora biti jedinstven u toku rada")));
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
            errors.Add(new(id, "type", WithHint($"unknown step type '{step.Type}'", $"nepoznata vrsta koraka '{step.Type}'", hint)));
            return;
        }

        var expectedComponent = ComponentName(info.Component);
        if (!string.Equals(step.ComponentType, expectedComponent, StringComparison.Ordinal))
        {
            errors.Add(new(id, "componentType", T($"'{step.ComponentType}' does not match step type {info.Type}, which is a '{expectedComponent}'", $"'{step.ComponentType}' ne odgovara vrsti koraka {info.Type}, koja je '{expectedComponent}'")));
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
                var en = $"{info.Type} has no input '{name}'";
                var cnr = $"{info.Type} nema unos '{name}'";
                errors.Add(new(id, name, hint is not null ? WithHint(en, cnr, hint)
                    : inputs.Count == 0 ? T($"{en}; it takes no inputs", $"{cnr}; ne prima nijedan unos")
                    : T($"{en}; it takes {string.Join(", ", inputs.Keys)}", $"{cnr}; prima {string.Join(", ", inputs.Keys)}")));
                continue;
            }

            if (value is not null && CheckValue(input, value, templateExists, institutionIds) is { } problem)
            {
                errors.Add(new(id, name, problem));
            }
        }

        foreach (var input in info.Inputs.Where(i => i.Required && !IsGiven(properties, i.Name)))
        {
            errors.Add(new(id, input.Name, T($"required input of {info.Type} is missing ({input.Description})", $"nedostaje obavezan unos koraka {info.Type} ({input.DescriptionCnrOrEnglish})")));
        }

        foreach (var group in info.ExactlyOneOf)
        {
            var given = group.Count(name => IsGiven(properties, name));
            if (given != 1)
            {
                var names = string.Join(", ", group);
                errors.Add(new(id, group[0], given == 0
                    ? T($"{info.Type} needs exactly one of {names}; neither is given", $"{info.Type} traži tačno jedno od: {names}; nije dato nijedno")
                    : T($"{info.Type} needs exactly one of {names}; more than one is given", $"{info.Type} traži tačno jedno od: {names}; dato je više od jednog")));
            }
        }

        foreach (var group in info.AtLeastOneOf.Where(g => !g.Any(name => IsGiven(properties, name))))
        {
            errors.Add(new(id, group[0], T($"{info.Type} needs at least one of {string.Join(", ", group)}", $"{info.Type} traži bar jedno od: {string.Join(", ", group)}")));
        }
    }

    private static bool IsGiven(JsonObject properties, string name) =>
        properties.TryGetPropertyValue(name, out var value) && value is not null;

    /// <summary>What is wrong with a value for an input, or null when it is fine.</summary>
    internal static BilingualText? CheckValue(StepInput input, JsonNode value, Func<string, bool> templateExists, IReadOnlySet<string> institutionIds)
    {
        switch (input.Kind)
        {
            case StepInputKind.Integer:
            case StepInputKind.WorkingDays:
                if (value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out var number))
                {
                    return T($"expected a whole number, found {Show(value)}", $"očekuje se cijeli broj, a dato je {Show(value)}");
                }

                if (number < input.Minimum || number > input.Maximum)
                {
                    var range = $"{input.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "…"}..{input.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "…"}";
                    return T(string.Create(CultureInfo.InvariantCulture, $"{number} is out of range {range}"), string.Create(CultureInfo.InvariantCulture, $"{number} je izvan opsega {range}"));
                }

                return null;

            case StepInputKind.Boolean:
                return value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : T($"expected true or false, found {Show(value)}", $"očekuje se true ili false, a dato je {Show(value)}");

            case StepInputKind.Recipients:
                return CheckRecipients(value, institutionIds);
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return T($"expected text, found {Show(value)}", $"očekuje se tekst, a dato je {Show(value)}");
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
                    return T($"'{text}' is not an ISO 8601 duration such as P3D or PT12H", $"'{text}' nije trajanje po ISO 8601, npr. P3D ili PT12H");
                }

            case StepInputKind.DateTime:
                return DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null
                    : T($"'{text}' is not a date yyyy-MM-dd or date-time yyyy-MM-ddTHH:mm", $"'{text}' nije datum gggg-MM-dd ni datum i vrijeme gggg-MM-ddTHH:mm");

            case StepInputKind.TimeOfDay:
                return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null
                    : T($"'{text}' is not a time of day HH:mm", $"'{text}' nije vrijeme u danu u obliku HH:mm");

            case StepInputKind.Choice:
                var choices = input.Choices ?? [];
                if (choices.Contains(text, StringComparer.Ordinal))
                {
                    return null;
                }

                var near = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                return WithHint($"'{text}' is not one of {string.Join(", ", choices)}", $"'{text}' nije jedno od: {string.Join(", ", choices)}", near);

            case StepInputKind.Expression:
                return CheckExpression(text);

            case StepInputKind.Template:
                if (string.IsNullOrWhiteSpace(text))
                {
                    return T("the template name is empty", "naziv šablona je prazan");
                }

                return templateExists(text) ? null : T($"no mail template '{text}'", $"nema šablona poruke '{text}'");

            default:
                return null;
        }
    }

    private static BilingualText? CheckRecipients(JsonNode value, IReadOnlySet<string> institutionIds)
    {
        if (value is not JsonArray roles)
        {
            return T($"expected a list of roles and institutions, found {Show(value)}", $"očekuje se lista uloga i institucija, a dato je {Show(value)}");
        }

        if (roles.Count == 0)
        {
            return T("the list of recipients is empty", "lista primalaca je prazna");
        }

        foreach (var role in roles)
        {
            if (role?.GetValueKind() != JsonValueKind.String)
            {
                return T($"a recipient must be a role name, found {Show(role)}", $"primalac mora biti naziv uloge, a dato je {Show(role)}");
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
                var roleNames = string.Join(", ", BuiltInStepMetadata.RecipientRoles);
                return T(
                    $"unknown recipient role '{name}'; roles are {roleNames}, or {Recipients.InstitutionPrefix}<id> for a named institution",
                    $"nepoznata uloga primaoca '{name}'; uloge su {roleNames}, ili {Recipients.InstitutionPrefix}<id> za imenovanu instituciju");
            }
        }

        return null;
    }

    private static BilingualText? CheckInstitution(string recipient, IReadOnlySet<string> institutionIds)
    {
        if (Recipients.Named(recipient) is not { } named)
        {
            var (prefix, roles) = (Recipients.InstitutionPrefix, string.Join(", ", Recipients.InstitutionRoles));
            return T(
                $"'{recipient}' is not a named institution; write {prefix}<id> (its focal point) or {prefix}<id>:<role>, role one of {roles}",
                $"'{recipient}' nije imenovana institucija; napišite {prefix}<id> (njena kontakt osoba) ili {prefix}<id>:<uloga>, uloga jedna od: {roles}");
        }

        if (institutionIds.Contains(named.Id))
        {
            return null;
        }

        var hint = Closest(named.Id, institutionIds);
        return WithHint(
            $"unknown institution '{named.Id}' in recipient '{recipient}'; the institutions are those of institutions.yaml",
            $"nepoznata institucija '{named.Id}' u primaocu '{recipient}'; institucije su one iz institutions.yaml",
            hint);
    }

    /// <summary>What is wrong with a Scriban expression, or null when it parses; the designer checks as the author types.</summary>
    public static BilingualText? CheckExpression(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return T("the expression is empty", "izraz je prazan");
        }

        var template = Template.Parse(text, lexerOptions: new LexerOptions { Mode = ScriptMode.ScriptOnly });
        if (!template.HasErrors)
        {
            return null;
        }

        var first = template.Messages.FirstOrDefault(m => m.Type == ParserMessageType.Error) ?? template.Messages[0];
        // Scriban places errors at the end of input at column -1; a column there would only mislead.
        var column = first.Span.Start.Column + 1;
        return first.Span.Start.Column >= 0
            ? T(string.Create(CultureInfo.InvariantCulture, $"the expression does not parse: {first.Message} (column {column})"), string.Create(CultureInfo.InvariantCulture, $"izraz nije ispravan: {first.Message} (kolona {column})"))
            : T($"the expression does not parse: {first.Message}", $"izraz nije ispravan: {first.Message}");
    }

    private static void ValidateShape(StepNode step, StepTypeInfo info, List<DefinitionError> errors)
    {
        var id = step.Id;
        switch (info.Component)
        {
            case StepComponent.Switch:
                if (step.Sequence is not null)
                {
                    errors.Add(new(id, "sequence", T($"{info.Type} is a switch step; its steps belong in branches", $"{info.Type} je korak sa granama; njegovi koraci idu u grane")));
                }

                ValidateBranches(step, info, errors);
                break;

            case StepComponent.Container:
                if (step.Branches is not null)
                {
                    errors.Add(new(id, "branches", T($"{info.Type} is a container step; it has a sequence, not branches", $"{info.Type} je korak koji sadrži niz koraka; ima niz, ne grane")));
                }

                if (step.Sequence is not { Count: > 0 })
                {
                    errors.Add(new(id, "sequence", step.Sequence is null
                        ? T($"{info.Type} has no sequence; a container needs at least one step", $"{info.Type} nema niz; korak koji sadrži niz treba bar jedan korak")
                        : T($"{info.Type} has an empty sequence; a container needs at least one step", $"{info.Type} ima prazan niz; korak koji sadrži niz treba bar jedan korak")));
                }

                break;

            default:
                if (step.Branches is not null)
                {
                    errors.Add(new(id, "branches", T($"{info.Type} is a task step; it has no branches", $"{info.Type} je jednostavan korak; nema grane")));
                }

                if (step.Sequence is not null)
                {
                    errors.Add(new(id, "sequence", T($"{info.Type} is a task step; it has no sequence", $"{info.Type} je jednostavan korak; nema niz")));
                }

                break;
        }
    }

    private static void ValidateBranches(StepNode step, StepTypeInfo info, List<DefinitionError> errors)
    {
        var id = step.Id;
        if (step.Branches is null)
        {
            errors.Add(new(id, "branches", T($"{info.Type} is a switch step and needs branches: {string.Join(", ", info.Outcomes)}", $"{info.Type} je korak sa granama i treba mu grane: {string.Join(", ", info.Outcomes)}")));
            return;
        }

        foreach (var outcome in info.Outcomes.Where(o => !step.Branches.ContainsKey(o)))
        {
            errors.Add(new(id, $"branches.{outcome}", T($"{info.Type} needs a branch '{outcome}' (it may be empty)", $"{info.Type} treba granu '{outcome}' (može biti prazna)")));
        }

        foreach (var name in step.Branches.Keys)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new(id, "branches", T("a branch has an empty name", "grana ima prazan naziv")));
            }
            else if (!info.OpenOutcomes && !info.Outcomes.Contains(name, StringComparer.Ordinal))
            {
                var hint = Closest(name, info.Outcomes);
                var outcomes = string.Join(", ", info.Outcomes);
                errors.Add(new(id, $"branches.{name}", WithHint($"{info.Type} has no branch '{name}'; its branches are {outcomes}", $"{info.Type} nema granu '{name}'; njegove grane su {outcomes}", hint)));
            }
        }

        foreach (var required in info.RequiredBranches)
        {
            if (step.Branches.TryGetValue(required, out var steps) && steps.Count == 0)
            {
                errors.Add(new(id, $"branches.{required}", T($"the '{required}' branch of {info.Type} must contain at least one step", $"grana '{required}' koraka {info.Type} mora sadržati bar jedan korak")));
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

    private static BilingualText T(string en, string cnr) => new(en, cnr);

    /// <summary>A message with the "did you mean" hint of <see cref="Closest"/> when there is one.</summary>
    private static BilingualText WithHint(string en, string cnr, string? hint) =>
        hint is null ? new(en, cnr) : new($"{en}; did you mean '{hint}'?", $"{cnr}; da li ste mislili '{hint}'?");

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
