using System.Text.RegularExpressions;
using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>The definitions of a folder (<c>workflows/definitions/</c>), keyed by their <c>name</c>.</summary>
public sealed partial class DefinitionCatalog
{
    public const string SchemaFile = "schema.json";

    private readonly Dictionary<string, WorkflowDefinitionDocument> _byName;
    private readonly Dictionary<string, string> _sources;

    private DefinitionCatalog(Dictionary<string, WorkflowDefinitionDocument> byName, Dictionary<string, string> sources)
    {
        _byName = byName;
        _sources = sources;
    }

    public IReadOnlyDictionary<string, WorkflowDefinitionDocument> ByName => _byName;

    /// <summary>The file a definition was read from.</summary>
    public string SourceOf(string name) => _sources[name];

    public static DefinitionCatalog LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new ImportException(folder, 0, "the definitions folder does not exist");
        }

        var byName = new Dictionary<string, WorkflowDefinitionDocument>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);

        // Sorted so that which file is reported as the duplicate does not depend on the file system.
        var files = Directory.EnumerateFiles(folder, "*.json")
            .Where(f => !string.Equals(Path.GetFileName(f), SchemaFile, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var document = DefinitionJson.Parse(text, file);
            if (string.IsNullOrWhiteSpace(document.Name))
            {
                throw new ImportException(file, LineOfName(text), "the definition has no name");
            }

            if (sources.TryGetValue(document.Name, out var first))
            {
                throw new ImportException(file, LineOfName(text), $"definition name '{document.Name}' is already used by {first}");
            }

            byName.Add(document.Name, document);
            sources.Add(document.Name, file);
        }

        return new DefinitionCatalog(byName, sources);
    }

    private static int LineOfName(string text)
    {
        var match = NameKey().Match(text);
        return match.Success ? 1 + text.AsSpan(0, match.Index).Count('\n') : 0;
    }

    [GeneratedRegex("\"name\"\\s*:")]
    private static partial Regex NameKey();
}
