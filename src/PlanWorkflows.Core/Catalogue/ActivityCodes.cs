using System.Globalization;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// How mails and reply forms name an activity. Codes repeat across areas (every area has a
/// 1.1.1), so where one mail lists activities of several areas with the same code, the code is
/// qualified by the area's initials: <c>PE-1.1.1</c> (Prevention and Education).
/// </summary>
public static class ActivityCodes
{
    private static readonly HashSet<string> SmallWords = ["and", "of", "in", "the", "for", "i", "u", "za"];

    public static string Short(string activityKey)
    {
        ArgumentNullException.ThrowIfNull(activityKey);
        var slash = activityKey.LastIndexOf('/');
        return slash >= 0 ? activityKey[(slash + 1)..] : activityKey;
    }

    public static string Qualified(string activityKey)
    {
        ArgumentNullException.ThrowIfNull(activityKey);
        var slash = activityKey.LastIndexOf('/');
        if (slash < 0)
        {
            return activityKey;
        }

        var initials = string.Concat(activityKey[..slash].Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !SmallWords.Contains(w)).Select(w => char.ToUpperInvariant(w[0])));
        return $"{(initials.Length > 6 ? initials[..6] : initials)}-{activityKey[(slash + 1)..]}";
    }

    /// <summary>Short codes where they are unique among <paramref name="activityKeys"/>, qualified codes where not.</summary>
    public static IReadOnlyDictionary<string, string> ForMail(IEnumerable<string> activityKeys)
    {
        var keys = activityKeys.Distinct(StringComparer.Ordinal).ToList();
        var repeated = keys.GroupBy(Short).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return keys.ToDictionary(k => k, k => repeated.Contains(Short(k)) ? Qualified(k) : Short(k), StringComparer.Ordinal);
    }

    /// <summary>Whether a code written in a reply (short or qualified) names this activity.</summary>
    public static bool Matches(string activityKey, string code) =>
        string.Equals(Short(activityKey), code, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Qualified(activityKey), code, StringComparison.OrdinalIgnoreCase);

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
}
