namespace PlanWorkflows.Core.Vocabulary;

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

    /// <summary>Reads a source file; an unreadable one is an <see cref="ImportException"/> naming it and what it was meant to be.</summary>
    public static string ReadText(string path, string what = "file")
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException(path, 0, $"cannot read {what}: {ex.Message}", ex);
        }
    }

    public string File { get; }
    public int Line { get; }
    public string Reason { get; }

    /// <summary>The reason in Montenegrin where the reader gives one, for the Office's pages; <see cref="Reason"/> otherwise.</summary>
    public string? ReasonCnr { get; init; }
}
