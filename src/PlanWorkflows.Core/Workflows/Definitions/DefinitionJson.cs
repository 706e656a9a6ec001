using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Core.Workflows.Definitions;

/// <summary>Reads and writes definition documents; read errors name the file and line.</summary>
public static class DefinitionJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // People edit these files and read diffs of them; the default encoder writes quotes in expressions and letters such as č as \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // A misspelt key ("sequnce") would otherwise vanish silently and the steps with it.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static WorkflowDefinitionDocument Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ImportException(source, 0, "the file is empty") { ReasonCnr = "datoteka je prazna" };
        }

        WorkflowDefinitionDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<WorkflowDefinitionDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            // JsonException counts lines from 0; editors and ImportException from 1.
            var line = ex.LineNumber is { } zeroBased ? (int)zeroBased + 1 : 0;
            // The parser's own wording has no Montenegrin; the line and the JSON path in it say where.
            throw new ImportException(source, line, Clean(ex.Message), ex) { ReasonCnr = $"JSON nije ispravan: {Clean(ex.Message)}" };
        }

        if (document is null)
        {
            throw new ImportException(source, 1, "the document is null, not an object") { ReasonCnr = "dokument je null, a ne objekat" };
        }

        Normalize(document);
        return document;
    }

    public static WorkflowDefinitionDocument Load(string path)
    {
        var text = ImportException.ReadText(path, "workflow definition");

        return Parse(text, path);
    }

    public static string Serialize(WorkflowDefinitionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, Options);
    }

    /// <summary>Explicit JSON nulls would otherwise leave nulls in non-nullable members.</summary>
    private static void Normalize(WorkflowDefinitionDocument document)
    {
        document.Name ??= string.Empty;
        document.Title ??= string.Empty;
        document.Description ??= string.Empty;
        document.Properties ??= [];
        document.Sequence ??= [];
        document.Sequence.RemoveAll(s => s is null);
        foreach (var step in document.Walk())
        {
            step.Id ??= string.Empty;
            step.ComponentType ??= string.Empty;
            step.Type ??= string.Empty;
            step.Name ??= string.Empty;
            step.Properties ??= [];
            step.Sequence?.RemoveAll(s => s is null);
            if (step.Branches is not null)
            {
                foreach (var name in step.Branches.Keys.ToList())
                {
                    step.Branches[name] = step.Branches[name] ?? [];
                    step.Branches[name].RemoveAll(s => s is null);
                }
            }
        }
    }

    /// <summary>System.Text.Json appends "| LineNumber: ..." which ImportException already states; the path stays.</summary>
    private static string Clean(string message)
    {
        var at = message.IndexOf(" | LineNumber: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at].Trim();
    }
}
