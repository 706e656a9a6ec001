using System.Collections.Concurrent;
using PlanWorkflows.Core.Transliteration;

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

    /// <summary>
    /// A field as a reader of <paramref name="language"/> sees it: the translation (in Cyrillic for <c>cnr-Cyrl</c>,
    /// transliterated from the Latin text), else the English; empty when the catalogue has no such field.
    /// </summary>
    public string Text(TranslationKey key, string language) => Written(Get(key, TextLanguageOf(language)).Text, language);

    /// <summary>An activity's field for a reader (<see cref="Text(TranslationKey, string)"/>), or <paramref name="otherwise"/> when the catalogue has no such activity or field.</summary>
    public string ActivityText(string activityKey, string field, string language, string otherwise)
    {
        var text = Text(new TranslationKey(activityKey, field), language);
        return text.Length == 0 ? Written(otherwise, language) : text;
    }

    /// <summary>The title of the area of an activity for a reader, or <paramref name="otherwise"/> when the catalogue has no such activity.</summary>
    public string AreaOfActivity(string activityKey, string language, string otherwise)
    {
        var area = _catalogue.FindActivity(activityKey)?.Area;
        var text = area is null ? string.Empty : Text(TranslationKey.Area(area, "title"), language);
        return text.Length == 0 ? Written(otherwise, language) : text;
    }

    /// <summary>
    /// The labels of an activity's indicators for a reader, one per indicator of <paramref name="indicators"/> and in its
    /// order: the translated indicators split by <see cref="IndicatorRule"/> when they split into as many; a single
    /// indicator takes the whole translation. When the numbers differ the English names are shown and the field is noted
    /// as a fallback (and <see cref="Check"/> lists it as misaligned), since a label must answer one indicator.
    /// </summary>
    public IReadOnlyList<string> IndicatorLabels(string activityKey, IReadOnlyList<CatalogueIndicator> indicators, string language)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        var translated = TranslatedIndicators(activityKey, indicators, TextLanguageOf(language));
        return [.. (translated ?? [.. indicators.Select(i => i.Name)]).Select(l => Written(l, language))];
    }

    private List<string>? TranslatedIndicators(string activityKey, IReadOnlyList<CatalogueIndicator> indicators, string language)
    {
        if (language == English || indicators.Count == 0)
        {
            return null;
        }

        var key = new TranslationKey(activityKey, "indicators");
        var text = Get(key, language);
        if (text.FellBack || text.Language == English)
        {
            return null;
        }

        if (indicators.Count == 1)
        {
            return [string.Join(' ', text.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))];
        }

        var split = IndicatorRule.Split(text.Text);
        if (split.Count == indicators.Count)
        {
            return [.. split.Select(i => i.Name)];
        }

        _fallbacks[(key, language)] = true;
        return null;
    }

    /// <summary>
    /// Every label an indicator of the activity may be written with, in any language with a translation: a reply to a
    /// Montenegrin mail or form names the indicators as they were shown, and they still answer the catalogue's.
    /// </summary>
    public IReadOnlyDictionary<string, string> IndicatorAliases(string activityKey, IReadOnlyList<CatalogueIndicator> indicators)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var language in _translations.Keys)
        {
            if (TranslatedIndicators(activityKey, indicators, language) is { } labels)
            {
                for (var i = 0; i < labels.Count; i++)
                {
                    aliases.TryAdd(labels[i], indicators[i].Name);
                    aliases.TryAdd(MontenegrinScript.ToCyrillic(labels[i]), indicators[i].Name);
                }
            }
        }

        return aliases;
    }

    /// <summary>The language a field's text is looked up in: <c>cnr</c> for Cyrillic Montenegrin (its text is the Latin one, transliterated).</summary>
    private static string TextLanguageOf(string language) => Vocabulary.MailLanguages.TextLanguage(language);

    /// <summary>Text in the script of <paramref name="language"/>: Cyrillic for <c>cnr-Cyrl</c>, as it is otherwise.</summary>
    public static string Written(string text, string language) =>
        string.Equals(language, Vocabulary.MailLanguages.MontenegrinCyrillic, StringComparison.OrdinalIgnoreCase) ? MontenegrinScript.ToCyrillic(text) : text;

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

    /// <summary>
    /// Activities whose translated indicators do not split (<see cref="IndicatorRule"/>) into as many as the catalogue's:
    /// mails and forms show those in English (<see cref="IndicatorLabels"/>), so the check lists them like a missing translation.
    /// </summary>
    public IReadOnlyList<(TranslationKey Key, string File, int Line, int English, int Translated)> MisalignedIndicators(string language)
    {
        var translations = _translations.GetValueOrDefault(language);
        var found = new List<(TranslationKey, string, int, int, int)>();
        foreach (var activity in _catalogue.Activities.Where(a => a.IndicatorList.Count > 1))
        {
            if (translations?.Find(new TranslationKey(activity.Key, "indicators")) is { } entry)
            {
                var count = IndicatorRule.Split(entry.Text).Count;
                if (count != activity.IndicatorList.Count)
                {
                    found.Add((entry.Key, translations.Source, entry.Line, activity.IndicatorList.Count, count));
                }
            }
        }

        return found;
    }

    /// <summary>English compared as text: line breaks and runs of spaces, which the YAML writer may fold, do not count.</summary>
    private static bool SameText(string a, string b) =>
        string.Equals(string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            string.Join(' ', b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
}
