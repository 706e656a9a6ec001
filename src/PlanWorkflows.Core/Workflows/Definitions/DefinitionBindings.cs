using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Schedules;
using YamlDotNet.RepresentationModel;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>
/// Which definition runs for an obligation of each schedule kind, and which for Working Group meetings
/// (<c>workflows/definitions/bindings.yaml</c>).
/// </summary>
public sealed class DefinitionBindings
{
    public const string MeetingsKey = "meetings";

    public DefinitionBindings(IReadOnlyDictionary<ScheduleKind, string> byKind, string meetings)
    {
        ByKind = byKind;
        Meetings = meetings;
    }

    public IReadOnlyDictionary<ScheduleKind, string> ByKind { get; }

    public string Meetings { get; }

    /// <summary>The definition for an obligation: the activity's own choice when it has one, else its kind's.</summary>
    public string For(ScheduleKind kind, string? activityOverride) =>
        !string.IsNullOrWhiteSpace(activityOverride) ? activityOverride.Trim()
        : ByKind.TryGetValue(kind, out var name) ? name
        : throw new KeyNotFoundException($"no definition is bound to schedule kind {kind}");

    /// <summary>Definition names bound here that are not in <paramref name="definitionNames"/>.</summary>
    public IReadOnlyList<string> Unresolved(IEnumerable<string> definitionNames)
    {
        var known = definitionNames.ToHashSet(StringComparer.Ordinal);
        return ByKind.Values.Append(Meetings).Distinct(StringComparer.Ordinal).Where(n => !known.Contains(n)).Order(StringComparer.Ordinal).ToList();
    }

    public static DefinitionBindings Load(string path)
    {
        var text = ImportException.ReadText(path, "definition bindings");

        return Parse(text, path);
    }

    public static DefinitionBindings Parse(string yaml, string source)
    {
        var stream = YamlSource.Load(yaml, source);

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ImportException(source, 0, "expected a mapping of schedule kinds to definition names");
        }

        var byKind = new Dictionary<ScheduleKind, string>();
        string? meetings = null;
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var line = (int)keyNode.Start.Line;
            if (valueNode is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                throw new ImportException(source, line, $"'{key}' must name a definition");
            }

            if (key == MeetingsKey)
            {
                meetings = value;
            }
            else if (Enum.TryParse<ScheduleKind>(key, ignoreCase: false, out var kind) && Enum.IsDefined(kind) && !int.TryParse(key, out _))
            {
                byKind[kind] = value;
            }
            else
            {
                throw new ImportException(source, line, $"unknown schedule kind '{key}'; expected {string.Join(", ", Enum.GetNames<ScheduleKind>())} or {MeetingsKey}");
            }
        }

        var missing = Enum.GetValues<ScheduleKind>().Where(k => !byKind.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ImportException(source, 0, $"no definition for schedule kind {string.Join(", ", missing)}");
        }

        if (meetings is null)
        {
            throw new ImportException(source, 0, $"no definition for '{MeetingsKey}'");
        }

        return new DefinitionBindings(byKind, meetings);
    }
}
