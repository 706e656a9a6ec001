namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// Input that cannot be read at all. The message always names the file and, where known, the line.
/// </summary>
public sealed class ImportException : Exception
{
    public ImportException(string file, int line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
        Reason = message;
    }

    public ImportException(string file, int line, string message, Exception inner)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}", inner)
    {
        File = file;
        Line = line;
        Reason = message;
    }

    public string File { get; }
    public int Line { get; }
    public string Reason { get; }
}
