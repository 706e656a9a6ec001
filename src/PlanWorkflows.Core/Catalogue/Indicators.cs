using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>What an institution reports for an indicator: a number that packs add up, or words.</summary>
public enum IndicatorKind
{
    Text,
    Count,
}

/// <summary>
/// One indicator of success of an activity, as its own field: the name is the label of the field in mails,
/// reply forms and the reply parser, and the key of the value in a report's indicators.
/// </summary>
public sealed class CatalogueIndicator
{
    public string Name { get; set; } = string.Empty;

    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.Preserve)]
    public IndicatorKind Kind { get; set; }

    /// <summary>The number the plan states for a count (e.g. "at least 5 trainings"), when it states one.</summary>
    public decimal? Target { get; set; }

    public CatalogueIndicator()
    {
    }

    public CatalogueIndicator(string name, IndicatorKind kind, decimal? target = null)
    {
        Name = name;
        Kind = kind;
        Target = target;
    }
}

/// <summary>
/// The one rule that splits an activity's "indicators of success" cell into indicators. The plan writes them
/// one after another in one cell, separated in several ways:
/// <list type="number">
/// <item>a numbering such as "1.1." or "2)" in front of the cell or an indicator is dropped;</item>
/// <item>line breaks always separate;</item>
/// <item>a semicolon separates, unless what follows starts in lower case ("…services; accommodation;
/// immediate intervention" is one list): then the parts stay together and the split is flagged as unsure;</item>
/// <item>a comma separates when what follows starts a new indicator: a capital letter ("Meeting … held, Training team
/// established") or a count ("…, number of interviews"); a comma followed by anything else stays inside the
/// indicator, and is flagged as unsure ("Number of held seminars, meetings");</item>
/// <item>"and" separates only before a count ("… and number of participants"), never in "judges and prosecutors";</item>
/// <item>nothing inside brackets ever separates.</item>
/// </list>
/// An indicator is a <see cref="IndicatorKind.Count"/> when it asks for a number: it starts with "Number",
/// "Amount", "Total", "Broj", "Iznos" or "Ukupan broj", or contains "number of" / "broj". Everything else is
/// <see cref="IndicatorKind.Text"/>, outcomes such as "Adopted law" and also "printed and distributed materials":
/// the plan does not say what to count (titles? copies?), so the form asks for words, and the overrides file can
/// make it a count. A count's target is a number the plan states in it ("at least 5 trainings", "10 workshops"),
/// not a year, a code or a number written in words.
/// </summary>
public static partial class IndicatorRule
{
    /// <summary>Warning code for a split the rule is not sure of; the overrides file corrects or reviews it.</summary>
    public const string UnsureWarning = "indicator-split-unsure";

    public sealed record SplitResult(IReadOnlyList<CatalogueIndicator> Indicators, IReadOnlyList<string> Unsure);

    public static IReadOnlyList<CatalogueIndicator> Split(string? text) => SplitWithNotes(text).Indicators;

    /// <summary>The indicators of a cell, and for each place the rule was not sure of, what it kept together.</summary>
    public static SplitResult SplitWithNotes(string? text)
    {
        var unsure = new List<string>();
        var names = new List<string>();
        foreach (var line in (text ?? string.Empty).Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = SplitOutsideBrackets(StripNumbering(line), ';');
            var current = new StringBuilder();
            foreach (var piece in pieces)
            {
                var p = StripNumbering(piece);
                if (p.Length == 0)
                {
                    continue;
                }

                if (current.Length > 0 && char.IsLower(p[0]) && !StartsCount(p))
                {
                    unsure.Add($"'; {Short(p)}' (a semicolon followed by lower case, kept in one indicator)");
                    current.Append("; ").Append(p);
                    continue;
                }

                Flush(current, names, unsure);
                current.Append(p);
            }

            Flush(current, names, unsure);
        }

        var indicators = names.Select(Describe).ToList();
        return new SplitResult(indicators, unsure);
    }

    /// <summary>The indicators of an activity's cell; each place the rule is unsure of becomes an import warning.</summary>
    internal static List<CatalogueIndicator> ForActivity(string text, int line, List<ImportWarning> warnings)
    {
        var split = SplitWithNotes(text);
        if (split.Unsure.Count > 0)
        {
            warnings.Add(new ImportWarning(UnsureWarning, "indicators",
                $"split into {split.Indicators.Count} ({string.Join(" | ", split.Indicators.Select(i => i.Name))}); unsure at {string.Join("; ", split.Unsure)}",
                "check the split; correct it with 'indicatorList' in the overrides file or mark it reviewed", line));
        }

        return [.. split.Indicators];
    }

    /// <summary>An indicator named by the Office or an override: kind and target by the same rule as a split.</summary>
    public static CatalogueIndicator Describe(string name) =>
        IsCount(name) ? new CatalogueIndicator(name, IndicatorKind.Count, TargetOf(name)) : new CatalogueIndicator(name, IndicatorKind.Text);

    public static bool IsCount(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return CountHeads.Any(h => n.StartsWith(h, StringComparison.Ordinal)) || n.Contains("number of", StringComparison.Ordinal)
            || CountWord().IsMatch(n);
    }

    /// <summary>A number the plan states in a count indicator, if there is exactly one.</summary>
    public static decimal? TargetOf(string name)
    {
        var numbers = TargetNumber().Matches(name).Select(m => m.Groups["n"].Value).Where(v => !(v.Length == 4 && v.StartsWith("20", StringComparison.Ordinal))).ToList();
        return numbers.Count == 1 ? decimal.Parse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The field name a reply wrote matched to the activity's indicator: same words, whatever the case, spacing or punctuation.</summary>
    /// <summary>Two labels of one indicator, written differently only in case, spacing or punctuation.</summary>
    public static bool SameLabel(string a, string b) => Normal(a) == Normal(b);

    public static CatalogueIndicator? Find(IEnumerable<CatalogueIndicator> indicators, string label)
    {
        var wanted = Normal(label);
        return indicators.FirstOrDefault(i => Normal(i.Name) == wanted);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The list as stored beside an activity in the database.</summary>
    public static string ToJson(IEnumerable<CatalogueIndicator> indicators) =>
        System.Text.Json.JsonSerializer.Serialize(indicators.Select(i => new StoredIndicator(i.Name, i.Kind, i.Target)), Json);

    /// <summary>The stored list; a record stored before indicators were split falls back to splitting its text by the rule.</summary>
    public static IReadOnlyList<CatalogueIndicator> FromJson(string? json, string? text = null)
    {
        if (!string.IsNullOrWhiteSpace(json) && json.Trim() != "[]")
        {
            try
            {
                return [.. (System.Text.Json.JsonSerializer.Deserialize<List<StoredIndicator>>(json, Json) ?? [])
                    .Where(i => !string.IsNullOrWhiteSpace(i.Name)).Select(i => new CatalogueIndicator(i.Name, i.Kind, i.Target))];
            }
            catch (System.Text.Json.JsonException)
            {
                // A damaged list is no reason to lose the fields: the rule splits the text again.
            }
        }

        return Split(text);
    }

    private sealed record StoredIndicator(string Name, IndicatorKind Kind, decimal? Target);

    private static string Normal(string text) => string.Join(' ', Words().Matches(text.ToLowerInvariant()).Select(m => m.Value));

    private static readonly string[] CountHeads = ["number", "amount", "total", "no. of", "broj", "iznos", "ukupan broj", "ukupni broj"];

    private static void Flush(StringBuilder current, List<string> names, List<string> unsure)
    {
        if (current.Length == 0)
        {
            return;
        }

        foreach (var name in SplitCommasAndAnd(current.ToString(), unsure))
        {
            names.Add(name);
        }

        current.Clear();
    }

    private static IEnumerable<string> SplitCommasAndAnd(string text, List<string> unsure)
    {
        var parts = SplitOutsideBrackets(text, ',');
        var current = new StringBuilder();
        var result = new List<string>();
        foreach (var raw in parts)
        {
            var part = raw.Trim();
            if (part.Length == 0 || part.Trim('.').Length == 0)
            {
                // "Number of developed documents, projects..." — a trailing ellipsis is no indicator.
                continue;
            }

            if (current.Length == 0)
            {
                current.Append(part);
                continue;
            }

            if (char.IsUpper(part[0]) || StartsCount(part))
            {
                result.Add(current.ToString());
                current.Clear().Append(part);
            }
            else
            {
                unsure.Add($"', {Short(part)}' (a comma inside a phrase, kept in one indicator)");
                current.Append(", ").Append(part);
            }
        }

        if (current.Length > 0)
        {
            result.Add(current.ToString());
        }

        foreach (var item in result)
        {
            foreach (var piece in AndCount().Split(item))
            {
                var p = piece.Trim().TrimEnd('.', ',', ';').Trim();
                if (p.Length > 0)
                {
                    yield return char.ToUpperInvariant(p[0]) + p[1..];
                }
            }
        }
    }

    private static bool StartsCount(string text)
    {
        var n = text.TrimStart().ToLowerInvariant();
        return CountHeads.Any(h => n.StartsWith(h + " ", StringComparison.Ordinal));
    }

    private static List<string> SplitOutsideBrackets(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth = Math.Max(0, depth - 1);
                    break;
                default:
                    if (text[i] == separator && depth == 0)
                    {
                        parts.Add(text[start..i]);
                        start = i + 1;
                    }

                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static string StripNumbering(string text) => Numbering().Replace(text.Trim(), string.Empty).Trim();

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "...";

    // "1.1. printed …", "2) …", "a) …" — but not "2012 …" or "10 workshops".
    [GeneratedRegex(@"^(\d{1,2}(\.\d{1,2})*\.|\d{1,2}\)|[a-z]\))\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Numbering();

    [GeneratedRegex(@"\s+and\s+(?=(?:number|amount|total|broj|iznos)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AndCount();

    [GeneratedRegex(@"\bbroj\w*\b")]
    private static partial Regex CountWord();

    [GeneratedRegex(@"(?<![\d.,])(?<n>\d{1,6})(?![\d.,]*\d)")]
    private static partial Regex TargetNumber();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();
}

/// <summary>
/// What a report holds for its activity's indicators: values keyed by the catalogue's indicator names, whichever
/// channel brought them (web form or mail reply), so packs can add up the same field across periods and institutions.
/// </summary>
public static partial class IndicatorValues
{
    /// <summary>
    /// The values of a reply keyed by the activity's indicators: a label written differently (case, spacing,
    /// punctuation) takes the catalogue's name; a label that is no indicator of the activity is kept as written
    /// and noted, and so is a count answered with something other than a number.
    /// </summary>
    /// <param name="aliases">Other labels of the indicators (their translations, as a Montenegrin mail or form shows them) to the catalogue's names.</param>
    public static Dictionary<string, string> Match(IReadOnlyList<CatalogueIndicator> indicators, IReadOnlyDictionary<string, string> written, string reference, List<string> notes,
        IReadOnlyDictionary<string, string>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(indicators);
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(notes);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (label, value) in written)
        {
            var indicator = IndicatorRule.Find(indicators, label)
                ?? (aliases?.FirstOrDefault(a => IndicatorRule.SameLabel(a.Key, label)) is { Key: not null } alias ? IndicatorRule.Find(indicators, alias.Value) : null);
            if (indicator is null && indicators.Count > 0)
            {
                notes.Add($"[{reference}] \"{label}\" is not an indicator of the activity (kept as written)");
            }
            else if (indicator is { Kind: IndicatorKind.Count } && Number(value) is null)
            {
                notes.Add($"[{reference}] \"{indicator.Name}\" is a count but the answer is \"{value}\" (kept as text)");
            }

            values[indicator?.Name ?? label] = value;
        }

        return values;
    }

    public static string ToJson(IReadOnlyDictionary<string, string> values) =>
        System.Text.Json.JsonSerializer.Serialize(values, JsonOptions);

    /// <summary>
    /// A count as written in a form or a mail: "12", "1,200" / "1.200" (thousands), "~40", "40+". Null for anything
    /// else ("several", "12 and 14"), which packs then show as text and leave out of the totals.
    /// </summary>
    public static decimal? Number(string? value)
    {
        var match = NumberPattern().Match(value ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var digits = match.Groups["n"].Value;
        // Both languages write thousands with a separator: 1,200 (en) and 1.200 (cnr); decimals do not occur in counts.
        var plain = ThousandsPattern().IsMatch(digits) ? digits.Replace(",", string.Empty, StringComparison.Ordinal).Replace(".", string.Empty, StringComparison.Ordinal) : digits.Replace(',', '.');
        return decimal.TryParse(plain, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [GeneratedRegex(@"^\s*[~≈]?\s*(?<n>\d[\d.,]*)\s*\+?\s*$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{1,3}([.,]\d{3})+$")]
    private static partial Regex ThousandsPattern();
}
