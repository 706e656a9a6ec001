namespace PlanWorkflows.Core.Vocabulary;

/// <summary>
/// An anomaly found while reading a source document, kept on the activity it concerns so the
/// Office can review it. <see cref="Line"/> is the 1-based line in the source document.
/// </summary>
public sealed record ImportWarning(string Code, string Column, string Found, string Action, int Line = 0)
{
    /// <summary>For readers of stored catalogues.</summary>
    public ImportWarning()
        : this(string.Empty, string.Empty, string.Empty, string.Empty)
    {
    }

    public override string ToString() =>
        Line > 0 ? $"line {Line}: [{Code}] {Column}: {Found} — {Action}" : $"[{Code}] {Column}: {Found} — {Action}";
}
