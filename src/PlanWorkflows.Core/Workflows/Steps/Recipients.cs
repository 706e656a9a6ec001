using System.Text.Json.Nodes;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Workflows.Steps;

/// <summary>An institution a recipient names by its id, and whom of it: its focal point, deputy or head.</summary>
public sealed record NamedInstitution(string Id, string Role);

/// <summary>
/// What a <see cref="StepInputKind.Recipients"/> input may list. Either a role, which the engine resolves against the
/// obligation (<c>focalPoint</c>, <c>head</c> of its institution; <c>office</c>, <c>secretary</c>…), or a named institution
/// whatever the obligation: <c>institution:&lt;id&gt;</c> for its focal point, <c>institution:&lt;id&gt;:&lt;role&gt;</c>
/// with role <c>focalPoint</c>, <c>deputy</c> or <c>head</c>. The id is the one in institutions.yaml.
/// </summary>
public static class Recipients
{
    public const string InstitutionPrefix = "institution:";

    /// <summary>Whom of a named institution a recipient may name; the first is meant when none is written.</summary>
    public static IReadOnlyList<string> InstitutionRoles { get; } = ["focalPoint", "deputy", "head"];

    public static bool NamesInstitution(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.StartsWith(InstitutionPrefix, StringComparison.Ordinal);
    }

    /// <summary>The institution and role of <c>institution:&lt;id&gt;[:&lt;role&gt;]</c>; null for a role or a malformed recipient.</summary>
    public static NamedInstitution? Named(string recipient)
    {
        if (!NamesInstitution(recipient))
        {
            return null;
        }

        var parts = recipient[InstitutionPrefix.Length..].Split(':');
        if (parts.Length > 2 || parts[0].Length == 0)
        {
            return null;
        }

        var role = parts.Length == 2 ? parts[1] : InstitutionRoles[0];
        return InstitutionRoles.Contains(role, StringComparer.Ordinal) ? new NamedInstitution(parts[0], role) : null;
    }

    /// <summary>
    /// The ids of the institutions a definition's recipients inputs name, so the engine loads their contacts with the
    /// rest of a batch's instead of one query per mail.
    /// </summary>
    public static IReadOnlySet<string> NamedIn(WorkflowDefinitionDocument document, IReadOnlyDictionary<string, StepTypeInfo> stepTypes)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stepTypes);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in document.Walk())
        {
            if (step.Properties is not { } properties || !stepTypes.TryGetValue(step.Type ?? string.Empty, out var info))
            {
                continue;
            }

            foreach (var input in info.Inputs.Where(i => i.Kind == StepInputKind.Recipients))
            {
                if (properties[input.Name] is not JsonArray list)
                {
                    continue;
                }

                foreach (var item in list)
                {
                    if (item is JsonValue value && value.TryGetValue<string>(out var text) && Named(text) is { } named)
                    {
                        ids.Add(named.Id);
                    }
                }
            }
        }

        return ids;
    }
}
