namespace PlanWorkflows.Core.Vocabulary;

/// <summary>The languages people are written to in: English and Montenegrin, in Latin and in Cyrillic script.</summary>
public static class MailLanguages
{
    public const string English = "en";
    public const string Montenegrin = "cnr";

    /// <summary>
    /// Montenegrin in Cyrillic script: written from the Montenegrin (Latin) text and templates by transliteration, so it
    /// has no template folder of its own.
    /// </summary>
    public const string MontenegrinCyrillic = "cnr-Cyrl";

    /// <summary>The languages with a template folder (<c>email-templates/&lt;language&gt;</c>).</summary>
    public static IReadOnlyList<string> All { get; } = [English, Montenegrin];

    /// <summary>Every language a mail can be written in: <see cref="All"/> and <see cref="MontenegrinCyrillic"/>.</summary>
    public static IReadOnlyList<string> Written { get; } = [English, Montenegrin, MontenegrinCyrillic];

    /// <summary>
    /// A language as a person typed it (<c>CNR-cyrl</c>, <c> en </c>) in the spelling the service uses, or null when it is
    /// none of <see cref="Written"/>.
    /// </summary>
    public static string? Canonical(string? language)
    {
        var typed = language?.Trim();
        return Written.FirstOrDefault(l => string.Equals(l, typed, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The languages a contact or meeting may choose, for messages: <c>en, cnr, cnr-Cyrl</c>.</summary>
    public static string Choices => string.Join(", ", Written);

    /// <summary>Montenegrin in either script.</summary>
    public static bool IsMontenegrin(string? language) =>
        string.Equals(language, Montenegrin, StringComparison.OrdinalIgnoreCase) || string.Equals(language, MontenegrinCyrillic, StringComparison.OrdinalIgnoreCase);

    /// <summary>The language whose templates and texts a mail is made from: <c>cnr</c> for <c>cnr-Cyrl</c>, else the language itself.</summary>
    public static string TextLanguage(string language) =>
        string.Equals(language, MontenegrinCyrillic, StringComparison.OrdinalIgnoreCase) ? Montenegrin : language;
}
