namespace PlanWorkflows.Core.Catalogue.Reading;

/// <summary>
/// What a converted Action Plan document says, before any meaning is given to it: areas, their
/// numbered objectives, and table rows with page-break continuations already joined.
/// </summary>
public sealed class PlanDocument
{
    public required string Source { get; init; }
    public string? Title { get; set; }
    public DateOnly? Adopted { get; set; }
    public List<DocumentArea> Areas { get; } = [];
    public List<ImportWarning> Warnings { get; } = [];

    /// <summary>For a document read from Word, where each line came from ("table 3, row 12"), by line number.</summary>
    public IReadOnlyList<string> Places { get; set; } = [];

    /// <summary>A line number as a reader of the source finds it: the line of a text document, or the paragraph or table row of a Word document.</summary>
    public string Locate(int line) =>
        line >= 1 && line <= Places.Count ? $"{line} ({Places[line - 1]})" : line.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class DocumentArea
{
    public required string Title { get; init; }
    public required int Line { get; init; }
    public SortedDictionary<int, string> Objectives { get; } = [];
    public List<DocumentRow> Rows { get; } = [];
}

public sealed class DocumentRow
{
    public required int Line { get; init; }
    public Dictionary<PlanColumn, string> Cells { get; } = [];
    public List<string> RawLines { get; } = [];
    public List<int> ContinuationLines { get; } = [];
    public List<ImportWarning> Warnings { get; } = [];

    public string this[PlanColumn column] => Cells.TryGetValue(column, out var value) ? value : string.Empty;

    public void Set(PlanColumn column, string value) => Cells[column] = value;
}
