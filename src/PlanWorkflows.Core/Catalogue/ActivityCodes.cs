using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// How every mail, form, page, pack and CLI output names an activity. Codes repeat across areas (every area has
/// a 1.1.1), so an activity is always named with its area's short code: <c>EDU 1.1.2</c>, and where there is room
/// with the area's name: <c>EDU 1.1.2 (Education)</c>. Replies may write either <c>EDU 1.1.2</c> or a bare
/// <c>1.1.2</c>; the bare code is accepted only where it names one activity of the reply's obligations.
/// </summary>
public static partial class ActivityCodes
{
    /// <summary>The activity's code without its area: <c>1.1.2</c> from the key <c>education/1.1.2</c>.</summary>
    public static string Short(string activityKey)
    {
        ArgumentNullException.ThrowIfNull(activityKey);
        var slash = activityKey.LastIndexOf('/');
        return slash >= 0 ? activityKey[(slash + 1)..] : activityKey;
    }

    /// <summary>The area's id from an activity key: <c>education</c> from <c>education/1.1.2</c>.</summary>
    public static string AreaOf(string activityKey)
    {
        ArgumentNullException.ThrowIfNull(activityKey);
        var slash = activityKey.LastIndexOf('/');
        return slash >= 0 ? activityKey[..slash] : string.Empty;
    }

    /// <summary><c>EDU 1.1.2</c>; the bare code when the area has no code.</summary>
    public static string Format(string? areaCode, string code) =>
        string.IsNullOrWhiteSpace(areaCode) ? code : $"{areaCode} {code}";

    /// <summary><c>EDU 1.1.2 (Education)</c>, where there is room for the area's name.</summary>
    public static string WithArea(string? areaCode, string code, string? areaTitle) =>
        string.IsNullOrWhiteSpace(areaTitle) ? Format(areaCode, code) : $"{Format(areaCode, code)} ({areaTitle})";

    public static string Format(CatalogueArea area, CatalogueActivity activity) => Format(area.Code, activity.Code);

    /// <summary>A reference as written in a reply: <c>EDU 1.1.2</c>, <c>EDU-1.1.2</c>, <c>[edu 1.1.2]</c> or <c>1.1.2</c>; null when it is none.</summary>
    public static ActivityReference? Parse(string? written)
    {
        var match = Reference().Match(written ?? string.Empty);
        return match.Success
            ? new ActivityReference(match.Groups["area"].Success ? match.Groups["area"].Value.ToUpperInvariant() : null, match.Groups["code"].Value)
            : null;
    }

    /// <summary>
    /// The candidates a written reference names: with an area code, the one activity of that area and code; bare, every
    /// candidate with that code (one when the reply's obligations hold the code once, several when it is ambiguous).
    /// </summary>
    public static IReadOnlyList<T> Resolve<T>(IEnumerable<T> candidates, Func<T, string?> areaCode, Func<T, string> code, string written)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (Parse(written) is not { } reference)
        {
            return [];
        }

        return [.. candidates.Where(c => string.Equals(code(c), reference.Code, StringComparison.OrdinalIgnoreCase)
            && (reference.AreaCode is null || string.Equals(areaCode(c), reference.AreaCode, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>
    /// Short codes for the areas of a catalogue that have none: the first three letters of the first word of the area's
    /// title that is not a small word (<c>Education</c> → <c>EDU</c>); where that is taken, the initials of its words, then
    /// a number. Codes already set are kept, so a code once published never changes.
    /// </summary>
    public static void AssignAreaCodes(IEnumerable<CatalogueArea> areas)
    {
        var list = areas.ToList();
        var used = new HashSet<string>(list.Select(a => a.Code).Where(c => !string.IsNullOrWhiteSpace(c)), StringComparer.OrdinalIgnoreCase);
        foreach (var area in list.Where(a => string.IsNullOrWhiteSpace(a.Code)))
        {
            var words = WordPattern().Matches(Fold(area.Title.Length > 0 ? area.Title : area.Id).ToUpperInvariant())
                .Select(m => m.Value).Where(w => !SmallWords.Contains(w)).DefaultIfEmpty("AREA").ToList();
            var first = words[0].Length >= 3 ? words[0][..3] : words[0];
            var initials = string.Concat(words.Select(w => w[0]));
            var candidates = new List<string> { first };
            if (initials.Length >= 2)
            {
                candidates.Add(initials.Length > 4 ? initials[..4] : initials);
            }

            var code = candidates.FirstOrDefault(c => !used.Contains(c));
            for (var n = 2; code is null; n++)
            {
                var numbered = $"{first}{n}";
                code = used.Contains(numbered) ? null : numbered;
            }

            used.Add(code);
            area.Code = code;
        }
    }

    /// <summary>An area code: two to six capital letters and digits, starting with a letter.</summary>
    public static bool IsAreaCode(string? code) => code is not null && AreaCodePattern().IsMatch(code);

    private static readonly HashSet<string> SmallWords = ["A", "AN", "AND", "OF", "IN", "THE", "FOR", "ON", "TO", "I", "U", "ZA", "OD", "NA"];

    private static string Fold(string text)
    {
        var decomposed = text.Replace("đ", "dj", StringComparison.Ordinal).Replace("Đ", "Dj", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        return string.Concat(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark));
    }

    /// <summary>Codes in plan order: 1.1.9 before 1.1.10, numerically part by part where the parts are numbers.</summary>
    public static IComparer<string> Order { get; } = new CodeComparer();

    private sealed class CodeComparer : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            var a = (x ?? string.Empty).Split('.');
            var b = (y ?? string.Empty).Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? m.CompareTo(n)
                    : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }

    [GeneratedRegex(@"^\s*\[?\s*(?:(?<area>[A-Za-z][A-Za-z0-9]{1,5})\s*[-\s]\s*)?(?<code>\d+(?:\.\d+)*[a-z]?)\s*\.?\s*\]?\s*$")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[A-Z][A-Z0-9]{1,5}$")]
    private static partial Regex AreaCodePattern();

    [GeneratedRegex(@"[A-Z]+")]
    private static partial Regex WordPattern();
}

/// <summary>An activity as a reply names it: area code (null when bare) and code.</summary>
public sealed record ActivityReference(string? AreaCode, string Code);
