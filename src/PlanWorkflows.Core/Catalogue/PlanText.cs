using System.Collections.Concurrent;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>How a translated field stands against the catalogue.</summary>
public enum TranslationState
{
    /// <summary>Translated from the English the catalogue has now.</summary>
    Current,

    /// <summary>Translated, but from English the catalogue has since changed.</summary>
    Stale,

    /// <summary>The catalogue has the field and the translation file does not.</summary>
    Missing,

    /// <summary>The translation file translates a field the catalogue no longer has.</summary>
    Obsolete,
}

/// <summary>One finding of <see cref="PlanText.Check"/>; <see cref="Line"/> is the translation file's (the catalogue's for a missing field).</summary>
public sealed record TranslationFinding(TranslationState State, TranslationKey Key, string File, int Line, string? English, string? TranslatedFrom, bool Reviewed);

/// <summary>A field as shown: the text, the language it is in, and whether it fell back to English for want of a translation.</summary>
public sealed record LocalizedText(string Text, string Language, bool FellBack, bool Stale);

/// <summary>
/// The catalogue's person-facing text in each language it has a translation file for: the plan's title, area titles
/// and objectives and each activity's fields, by <see cref="TranslationKey"/> and language. English is the catalogue
/// itself. A field without a translation falls back to English; each such fallback is kept in <see cref="Fallbacks"/>
/// for the caller to report. A stale translation (its English changed since) is still shown, and reported as stale by
/// <see cref="Check"/> until it is translated again.
/// </summary>
public sealed class PlanText
{
    public const string English = "en";

    private readonly PlanCatalogue _catalogue;
    private readonly Dictionary<string, PlanTranslations> _translations;
    private readonly ConcurrentDictionary<(TranslationKey Key, string Language), bool> _fallbacks = new();

    public PlanText(PlanCatalogue catalogue, params IEnumerable<PlanTranslations> translations)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        _catalogue = catalogue;
        _translations = translations.ToDictionary(t => t.Language, StringComparer.Ordinal);
    }

    public PlanCatalogue Catalogue => _catalogue;

    /// <summary>The languages with a translation file, besides English.</summary>
    public IReadOnlyCollection<string> Languages => _translations.Keys;

    public PlanTranslations? TranslationsFor(string language) => _translations.GetValueOrDefault(language);

    /// <summary>The catalogue and its translation file in <paramref name="languages"/> beside it, where there is one.</summary>
    public static PlanText LoadBeside(PlanCatalogue catalogue, string cataloguePath, params IEnumerable<string> languages) =>
        new(catalogue, languages.Select(l => PlanTranslations.LoadBeside(cataloguePath, l)).OfType<PlanTranslations>().ToList());

    /// <summary>Fields asked for in a language and shown in English instead, since the last <see cref="ClearFallbacks"/>.</summary>
    public IReadOnlyList<(TranslationKey Key, string Language)> Fallbacks => [.. _fallbacks.Keys.OrderBy(k => k.Language, StringComparer.Ordinal).ThenBy(k => k.Key.ToString(), StringComparer.Ordinal)];

    public void ClearFallbacks() => _fallbacks.Clear();

    public LocalizedText Activity(string activityKey, string field, string language) => Get(new TranslationKey(activityKey, field), language);

    public LocalizedText PlanTitle(string language) => Get(TranslationKey.Plan("title"), language);

    public LocalizedText AreaTitle(string areaId, string language) => Get(TranslationKey.Area(areaId, "title"), language);

    public LocalizedText Objective(string areaId, int number, string language) => Get(TranslationKey.Objective(areaId, number), language);

    /// <summary>A field in a language: its translation, else the catalogue's English (and the fallback noted).</summary>
    public LocalizedText Get(TranslationKey key, string language)
    {
        var english = PlanTranslations.EnglishOf(_catalogue, key) ?? string.Empty;
        if (language == English || string.IsNullOrWhiteSpace(english))
        {
            return new LocalizedText(english, English, FellBack: false, Stale: false);
        }

        if (_translations.GetValueOrDefault(language)?.Find(key) is { } entry)
        {
            return new LocalizedText(entry.Text, language, FellBack: false, Stale: !SameText(entry.English, english));
        }

        _fallbacks[(key, language)] = true;
        return new LocalizedText(english, English, FellBack: true, Stale: false);
    }

    /// <summary>
    /// Every field the catalogue has against the translation in <paramref name="language"/>: missing, stale, obsolete
    /// and current ones (with their <see cref="TranslationFinding.Reviewed"/> flag), in catalogue order and then file order.
    /// </summary>
    public IReadOnlyList<TranslationFinding> Check(string language, string cataloguePath)
    {
        var translations = _translations.GetValueOrDefault(language);
        var file = translations?.Source ?? PlanTranslations.PathFor(cataloguePath, language);
        var findings = new List<TranslationFinding>();
        var known = new HashSet<TranslationKey>();
        foreach (var (key, english, line) in PlanTranslations.Fields(_catalogue))
        {
            known.Add(key);
            if (translations?.Find(key) is not { } entry)
            {
                findings.Add(new TranslationFinding(TranslationState.Missing, key, cataloguePath, line, english, null, Reviewed: false));
            }
            else
            {
                var state = SameText(entry.English, english) ? TranslationState.Current : TranslationState.Stale;
                findings.Add(new TranslationFinding(state, key, file, entry.Line, english, entry.English, entry.Reviewed));
            }
        }

        foreach (var entry in (translations?.Entries ?? []).Where(e => !known.Contains(e.Key)).OrderBy(e => e.Line))
        {
            findings.Add(new TranslationFinding(TranslationState.Obsolete, entry.Key, file, entry.Line, null, entry.English, entry.Reviewed));
        }

        return findings;
    }

    /// <summary>English compared as text: line breaks and runs of spaces, which the YAML writer may fold, do not count.</summary>
    private static bool SameText(string a, string b) =>
        string.Equals(string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            string.Join(' ', b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
}
