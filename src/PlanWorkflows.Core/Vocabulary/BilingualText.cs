namespace PlanWorkflows.Core.Vocabulary;

/// <summary>
/// A message for people in both of the Office's languages. The English stays the text of the CLI, the logs and the
/// files; the Office pages and the designer show the one of their page's language.
/// </summary>
public sealed record BilingualText(string En, string Cnr)
{
    /// <summary>The text for <c>cnr</c> or <c>en</c>; anything but <c>cnr</c> is English.</summary>
    public string For(string language) => string.Equals(language, MailLanguages.Montenegrin, StringComparison.Ordinal) ? Cnr : En;

    public override string ToString() => En;
}
