using System.Text.RegularExpressions;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Inbound;

/// <summary>One reply form found in a mail body: filled by the sender, or still the blank one quoted from our mail.</summary>
internal sealed record FormBlock(int Start, int End, string? Token, IReadOnlyList<ParsedItem> Items, IReadOnlyList<string> Codes, IReadOnlyList<string> Warnings)
{
    public bool Filled => Items.Count > 0;
}

/// <summary>Reads the plain-text reply form of the reminders in either language, however a mail client mangled it.</summary>
internal static partial class ReplyForm
{
    private static readonly HashSet<string> StatusLabels = ["status", "stanje", "status realizacije", "implementation status"];

    private static readonly HashSet<string> NarrativeLabels = ["narrative", "opis", "narativ", "narativni opis", "comment", "comments", "komentar", "description", "napomena"];

    private enum FieldKind { Status, Indicator, Narrative }

    public static List<FormBlock> Find(IReadOnlyList<string> lines)
    {
        var blocks = new List<FormBlock>();
        var starts = Enumerable.Range(0, lines.Count).Where(i => StartMarker().IsMatch(ReplyText.Plain(lines[i]))).ToList();
        foreach (var start in starts)
        {
            var token = start >= 0 ? StartMarker().Match(ReplyText.Plain(lines[start])).Groups["token"].Value : string.Empty;
            var end = start + 1;
            while (end < lines.Count && !EndMarker().IsMatch(ReplyText.Plain(lines[end])) && !StartMarker().IsMatch(ReplyText.Plain(lines[end]))
                   && !ReplyText.IsQuoteStart(lines, end))
            {
                end++;
            }

            var block = Parse(lines, start + 1, end);
            blocks.Add(block with { Start = Math.Max(start, 0), End = end < lines.Count && EndMarker().IsMatch(ReplyText.Plain(lines[end])) ? end : end - 1, Token = token.Length > 0 ? token : null });
        }

        // The sender deleted the markers but kept the "[1.1.3] Status:" lines (a phone reply typed above the quoted mail).
        var loose = Enumerable.Range(0, lines.Count).FirstOrDefault(i => ItemStatusLine().IsMatch(Clean(lines[i])) && !blocks.Any(b => i >= b.Start && i <= b.End), -1);
        if (loose >= 0)
        {
            var end = loose + 1;
            while (end < lines.Count && !StartMarker().IsMatch(ReplyText.Plain(lines[end])) && !ReplyText.IsQuoteStart(lines, end) && !ReplyText.IsSignatureLine(lines[end])
                   && !(ReplyText.QuotedLine().IsMatch(lines[end]) != ReplyText.QuotedLine().IsMatch(lines[loose]) && lines[end].Trim().Length > 0))
            {
                end++;
            }

            blocks.Add(Parse(lines, loose, end) with { Start = loose, End = end - 1 });
        }

        return [.. blocks.OrderBy(b => b.Start)];
    }

    private static FormBlock Parse(IReadOnlyList<string> lines, int from, int to)
    {
        var items = new List<ParsedItem>();
        var codes = new List<string>();
        var warnings = new List<string>();
        string? code = null;
        var fields = new List<(FieldKind Kind, string Label, string Inline, List<string> More)>();

        void Finish()
        {
            if (code is null)
            {
                return;
            }

            codes.Add(code);
            var item = Build(code, fields, warnings);
            if (item is not null)
            {
                items.RemoveAll(i => i.ActivityCode == code);
                items.Add(item);
            }
            else if (fields.Count > 0)
            {
                warnings.Add($"[{code}] left unanswered");
            }

            fields.Clear();
        }

        for (var i = from; i < to; i++)
        {
            var text = Clean(lines[i]);
            var header = ItemHeader().Match(text);
            if (header.Success)
            {
                Finish();
                code = ActivityCodes.Parse(header.Groups["code"].Value) is { } reference
                    ? ActivityCodes.Format(reference.AreaCode, reference.Code)
                    : header.Groups["code"].Value;
                text = Clean(header.Groups["rest"].Value).Trim();
                if (text.Length == 0)
                {
                    continue;
                }
            }

            var inNarrative = fields.Count > 0 && fields[^1].Kind == FieldKind.Narrative;
            var label = Label().Match(text);
            if (label.Success && code is not null && !inNarrative)
            {
                var name = label.Groups["label"].Value.Trim();
                var normal = StatusWords.Normalize(name);
                var kind = StatusLabels.Contains(normal) ? FieldKind.Status : NarrativeLabels.Contains(normal) ? FieldKind.Narrative : FieldKind.Indicator;
                fields.Add((kind, name, label.Groups["value"].Value.Trim(), []));
                continue;
            }

            if (fields.Count > 0)
            {
                fields[^1].More.Add(text);
            }
            else if (code is not null && text.Length > 0 && header.Success)
            {
                // "[1.1.3] Media campaign …": the item list pasted into the form; the title is not an answer.
                continue;
            }
        }

        Finish();
        return new FormBlock(from, to, null, items, codes, warnings);
    }

    private static ParsedItem? Build(string code, List<(FieldKind Kind, string Label, string Inline, List<string> More)> fields, List<string> warnings)
    {
        ImplementationStatus? status = null;
        string? statusText = null;
        var answered = false;
        var indicators = new Dictionary<string, string>(StringComparer.Ordinal);
        string? narrative = null;
        foreach (var (kind, label, inline, more) in fields)
        {
            switch (kind)
            {
                case FieldKind.Status:
                    var (parsed, text, note) = ReadStatus(string.Join(' ', new[] { inline }.Concat(more.Select(m => m.Trim()))));
                    if (text is not null)
                    {
                        status = parsed;
                        statusText = text;
                        answered = true;
                    }

                    if (note is not null)
                    {
                        warnings.Add($"[{code}] {note}");
                    }

                    break;
                case FieldKind.Indicator:
                    var value = Answer(inline) ?? Answer(string.Join(' ', more.Select(m => m.Trim())));
                    if (value is not null)
                    {
                        indicators[label] = value;
                        answered = true;
                        if (ExpectsNumber(label) && IndicatorValues.Number(value) is null)
                        {
                            warnings.Add($"[{code}] \"{label}\" is not a number: \"{value}\" (kept as text)");
                        }
                    }

                    break;
                case FieldKind.Narrative:
                    var lines = new[] { inline }.Concat(more).ToList();
                    while (lines.Count > 0 && Answer(lines[^1]) is null)
                    {
                        lines.RemoveAt(lines.Count - 1);
                    }

                    while (lines.Count > 0 && Answer(lines[0]) is null)
                    {
                        lines.RemoveAt(0);
                    }

                    if (lines.Count > 0)
                    {
                        // With the end marker deleted, the closing and signature under the last answer would read as narrative.
                        narrative = ReplyText.WithoutSignature(string.Join('\n', lines));
                        answered = true;
                    }

                    break;
            }
        }

        if (!answered)
        {
            return null;
        }

        if (statusText is null)
        {
            warnings.Add($"[{code}] no status chosen");
        }

        return new ParsedItem(code, status, indicators, narrative) { StatusText = statusText };
    }

    /// <summary>
    /// The status in a "Status:" value: a word typed over the placeholder, one option of the list kept or marked with x,
    /// or nothing (placeholder and full list untouched). Text is null when unanswered.
    /// </summary>
    internal static (ImplementationStatus? Status, string? Text, string? Warning) ReadStatus(string value)
    {
        var v = ParenMark().Replace(value, "[x]");
        var groups = Paren().Matches(v).Select(m => m.Groups[1].Value).ToList();
        var outside = Answer(Spaces().Replace(Marks().Replace(Paren().Replace(v, " ").Replace("_", " ", StringComparison.Ordinal), " "), " "));
        if (outside is not null && !outside.Contains('/', StringComparison.Ordinal))
        {
            var s = StatusWords.Parse(outside);
            return s is null ? (null, outside, $"unknown status \"{outside}\"") : (s, outside, null);
        }

        if (outside is not null)
        {
            groups.Insert(0, outside);
        }

        foreach (var group in groups)
        {
            var options = group.Split('/', '|').Select(o => o.Trim()).Where(o => o.Length > 0).ToList();
            var marked = options.Where(o => Mark().IsMatch(o)).ToList();
            if (marked.Count > 1)
            {
                return (null, string.Join(" / ", marked), "more than one status marked");
            }

            var chosen = marked.Count == 1 ? marked[0] : options.Count == 1 ? options[0] : null;
            if (chosen is null)
            {
                continue;
            }

            var word = Answer(Marks().Replace(chosen, " ")) ?? string.Empty;
            var s = StatusWords.Parse(word);
            return s is null ? (null, word, $"unknown status \"{word}\"") : (s, word, null);
        }

        return (null, null, null);
    }

    /// <summary>The value without decoration, or null for a placeholder ("___") or nothing.</summary>
    internal static string? Answer(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var v = value.Trim().Trim('*').Trim();
        return v.Replace("_", string.Empty, StringComparison.Ordinal).Trim().Length == 0 ? null : v;
    }

    // The catalogue's rule for a count, so the parser expects a number exactly where the form asked for one.
    private static bool ExpectsNumber(string label) => IndicatorRule.IsCount(label);

    /// <summary>A form line without quote prefix and with Outlook's "*Label:*" emphasis undone.</summary>
    private static string Clean(string line) => BoldLabel().Replace(ReplyText.QuotePrefix().Replace(line, string.Empty), "${label}:").TrimEnd();

    [GeneratedRegex(@"^-{2,}\s*(reply form|obrazac za odgovor)\b[^(]*(\(\s*(token|reference|ref\.?|oznaka)\s*:?\s*(?<token>[A-Za-z0-9_-]+)\s*\))?", RegexOptions.IgnoreCase)]
    private static partial Regex StartMarker();

    [GeneratedRegex(@"^-{2,}\s*(end of reply form|kraj obrasca za odgovor|kraj obrasca)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EndMarker();

    // "[EDU 1.1.2]", "[EDU-1.1.2]" or a bare "[1.1.2]" (ActivityCodes reads the reference).
    [GeneratedRegex(@"^\s*\*{0,2}\[\s*(?<code>(?:[a-z][a-z0-9]{1,5}[\s-]+)?\d+(\.\d+)*[a-z]?)\s*\]\*{0,2}\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ItemHeader();

    [GeneratedRegex(@"^\s*\[\s*(?:[a-z][a-z0-9]{1,5}[\s-]+)?\d+(\.\d+)*[a-z]?\s*\]\s*\*{0,2}\s*(status|stanje)\s*\*{0,2}\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ItemStatusLine();

    [GeneratedRegex(@"^\s*\*{1,2}\s*(?<label>[^*:\n]{1,120}?)\s*(:\s*\*{1,2}|\*{1,2}\s*:)")]
    private static partial Regex BoldLabel();

    [GeneratedRegex(@"^(?<label>\p{L}[^:\n]{0,119}?)\s*:(?!//)\s*(?<value>.*)$")]
    private static partial Regex Label();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex Paren();

    [GeneratedRegex(@"\(\s*[xX✓✔]\s*\)")]
    private static partial Regex ParenMark();

    [GeneratedRegex(@"(^|\s)(\[\s*[xX✓✔]\s*\]|[xX✓✔☒■●](?=\s|$))|\[\s*\]")]
    private static partial Regex Marks();

    [GeneratedRegex(@"(^|\s)(\[\s*[xX✓✔]\s*\]|[xX✓✔☒■●](?=\s|$))")]
    private static partial Regex Mark();
}
