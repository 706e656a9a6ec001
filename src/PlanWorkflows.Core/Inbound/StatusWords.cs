using System.Globalization;
using System.Text;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Inbound;

/// <summary>
/// The words people actually type for an implementation status, in English and Montenegrin (Latin or Cyrillic,
/// with or without diacritics, ijekavian or ekavian), mapped to <see cref="ImplementationStatus"/>.
/// </summary>
public static class StatusWords
{
    // Keys are normalised (see Normalize); longer keys are tried first so "nije realizovano" never reads as "realizovano".
    private static readonly (string Key, ImplementationStatus Status)[] Words =
    [
        .. Map(ImplementationStatus.Implemented,
            "implemented", "fully implemented", "completed", "done",
            "realizovano", "realizovana", "realizovan", "u potpunosti realizovano", "potpuno realizovano", "izvrseno", "sprovedeno"),
        .. Map(ImplementationStatus.ContinuouslyImplemented,
            "continuously implemented", "continuous implementation", "continuously", "continuous", "ongoing",
            "kontinuirano se realizuje", "kontinuirano se sprovodi", "kontinuirano realizovano", "kontinuirano", "kontinuirana realizacija", "kontinuirani"),
        .. Map(ImplementationStatus.PartiallyImplemented,
            "partially implemented", "partly implemented", "partially", "partly", "partial",
            "djelimicno realizovano", "djelimicno", "delimicno realizovano", "delimicno", "djelimicna realizacija", "djelimicno se realizuje", "dijelom realizovano"),
        .. Map(ImplementationStatus.NotImplemented,
            "not implemented", "unimplemented", "not done",
            "nije realizovano", "nije realizovana", "nerealizovano", "nije sprovedeno", "nije izvrseno"),
        .. Map(ImplementationStatus.NotApplicable,
            "not applicable", "n/a", "na", "n a", "inapplicable",
            "nije primjenljivo", "nije primenljivo", "nije primjenjivo", "nije primenjivo", "neprimjenljivo", "neprimjenjivo", "n/p", "np"),
        .. Enum.GetValues<ImplementationStatus>().Select(s => (Normalize(s.ToString()), s)),
    ];

    private static readonly (string Key, ImplementationStatus Status)[] Longest = [.. Words.OrderByDescending(w => w.Key.Length)];

    /// <summary>The status a word or phrase names, or null when it names none.</summary>
    public static ImplementationStatus? Parse(string? text)
    {
        var value = Normalize(text ?? string.Empty);
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var (key, status) in Longest)
        {
            if (value == key)
            {
                return status;
            }
        }

        // "Partially implemented – details below": the status word leads, a remark follows.
        foreach (var (key, status) in Longest)
        {
            if (key.Length >= 4 && value.StartsWith(key + " ", StringComparison.Ordinal))
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Lower case, Latin script, no diacritics, no punctuation but '/', single spaces.</summary>
    public static string Normalize(string text)
    {
        var latin = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            latin.Append(Transliterate(c));
        }

        var decomposed = latin.ToString().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c) || c == '/')
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString();
    }

    private static string Transliterate(char c) => c switch
    {
        'đ' => "dj",
        'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'ђ' => "dj", 'е' => "e", 'ж' => "z", 'з' => "z",
        'и' => "i", 'ј' => "j", 'к' => "k", 'л' => "l", 'љ' => "lj", 'м' => "m", 'н' => "n", 'њ' => "nj", 'о' => "o",
        'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'ћ' => "c", 'у' => "u", 'ф' => "f", 'х' => "h", 'ц' => "c",
        'ч' => "c", 'џ' => "dz", 'ш' => "s",
        _ => c.ToString(),
    };

    private static IEnumerable<(string, ImplementationStatus)> Map(ImplementationStatus status, params string[] words) =>
        words.Select(w => (Normalize(w), status));
}
