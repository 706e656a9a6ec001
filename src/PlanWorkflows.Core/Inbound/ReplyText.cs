using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Inbound;

/// <summary>
/// Separates what the sender wrote from what their client quoted or appended: quote headers of Outlook, Gmail,
/// Apple Mail, Thunderbird and phone clients in English and Montenegrin, "&gt;" quotes, and signatures.
/// </summary>
public static partial class ReplyText
{
    /// <summary>The sender's own words: above the quoted history, without "&gt;" lines and without the signature.</summary>
    public static string Strip(string text) => string.Join('\n', OwnLines(SplitLines(text), skip: null)).Trim();

    public static IReadOnlyList<string> SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

    /// <summary>Index of the first line of quoted history, or the line count when nothing is quoted below a header.</summary>
    public static int QuoteStart(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (IsQuoteStart(lines, i))
            {
                return i;
            }
        }

        return lines.Count;
    }

    /// <summary>Lines of the reply above the quoted history, minus quoted lines, skipped lines (a form) and the signature.</summary>
    internal static List<string> OwnLines(IReadOnlyList<string> lines, Func<int, bool>? skip)
    {
        var end = QuoteStart(lines);
        var own = new List<string>();
        for (var i = 0; i < end; i++)
        {
            if (skip?.Invoke(i) == true || QuotedLine().IsMatch(lines[i]))
            {
                continue;
            }

            own.Add(lines[i].TrimEnd());
        }

        var cut = SignatureStart(own);
        own.RemoveRange(cut, own.Count - cut);
        while (own.Count > 0 && own[^1].Length == 0)
        {
            own.RemoveAt(own.Count - 1);
        }

        while (own.Count > 0 && own[0].Trim().Length == 0)
        {
            own.RemoveAt(0);
        }

        return own;
    }

    internal static bool IsQuoteStart(IReadOnlyList<string> lines, int i)
    {
        var line = Plain(lines[i]);
        if (line.Length == 0)
        {
            return false;
        }

        if (Separator().IsMatch(line) || line.StartsWith("Begin forwarded message", StringComparison.OrdinalIgnoreCase)
            || line.StartsWith("Početak prosljeđene poruke", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Gmail and Apple wrap a long attribution over two lines: "On Mon, 3 Jun 2013 at 10:12, Office <" / "reports@…> wrote:".
        if (line.Length < 300 && (Attribution().IsMatch(line)
            || (i + 1 < lines.Count && Plain(lines[i + 1]).Length < 200 && Plain(lines[i + 1]).Contains('@', StringComparison.Ordinal)
                && !line.EndsWith('.') && AttributionStart().IsMatch(line) && Attribution().IsMatch(line + " " + Plain(lines[i + 1])))))
        {
            return true;
        }

        if (HeaderFrom().IsMatch(line) && FollowedByHeader(lines, i))
        {
            return true;
        }

        // Outlook draws a rule above the header block of the message it quotes.
        if (Rule().IsMatch(line))
        {
            for (var j = i + 1; j < lines.Count && j <= i + 3; j++)
            {
                var next = Plain(lines[j]);
                if (next.Length == 0)
                {
                    continue;
                }

                return HeaderFrom().IsMatch(next) && FollowedByHeader(lines, j);
            }
        }

        return false;
    }

    private static bool FollowedByHeader(IReadOnlyList<string> lines, int i)
    {
        for (var j = i + 1; j < lines.Count && j <= i + 5; j++)
        {
            if (HeaderOther().IsMatch(Plain(lines[j])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A free-text answer without the closing and signature block a person pasted or typed under it ("Srdačan pozdrav,"
    /// / name / title / phone, "-- ", "Sent from my iPhone"), cut where <see cref="SignatureStart"/> cuts a mail reply.
    /// An answer that would be left with nothing is kept as written: it is an answer, not a signature.
    /// </summary>
    public static string WithoutSignature(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SplitLines(text).Select(l => l.TrimEnd()).ToList();
        var cut = SignatureStart(lines);
        var kept = string.Join('\n', lines.Take(cut)).Trim();
        return kept.Length == 0 ? text.Trim() : kept;
    }

    /// <summary>Where the signature begins in the sender's own lines: "-- ", a phone client's line, or a closing greeting near the end.</summary>
    internal static int SignatureStart(IReadOnlyList<string> own)
    {
        for (var i = 0; i < own.Count; i++)
        {
            var line = own[i].Trim();
            if (IsSignatureLine(line))
            {
                return i;
            }

            // A greeting closes the message only if little follows it (a name, a title, a phone number).
            if (Valediction().IsMatch(StatusWords.Normalize(line)) && own.Skip(i + 1).Count(l => l.Trim().Length > 0) <= 6)
            {
                return i;
            }
        }

        return own.Count;
    }

    /// <summary>"-- " or a phone client's "Sent from my iPhone".</summary>
    internal static bool IsSignatureLine(string line) => line.Trim() is "--" || PhoneSignature().IsMatch(line.Trim());

    /// <summary>A line without quote markers and Outlook's "*bold*" stars, trimmed.</summary>
    internal static string Plain(string line) => Stars().Replace(QuotePrefix().Replace(line, string.Empty), "$1").Trim();

    [GeneratedRegex(@"^\s*>")]
    internal static partial Regex QuotedLine();

    [GeneratedRegex(@"^\s*(>\s?)+")]
    internal static partial Regex QuotePrefix();

    [GeneratedRegex(@"\*{1,2}([^*\n]+?)\*{1,2}")]
    private static partial Regex Stars();

    [GeneratedRegex(@"^-{2,}\s*(original message|originalna poruka|izvorna poruka|prethodna poruka|forwarded message|proslije[đd]ena poruka|prosle[đd]ena poruka|originalna e-poruka)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    [GeneratedRegex(@"(wrote|schrieb|a écrit|napisao\s*/\s*la|napisao\s*\(\s*la\s*\)|napisala|napisao|napisao je|napisala je|je napisao|написао|написала)\s*:\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^(on|am|le|dana|dne|\w{3},|\d)", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^(from|od|šalje|salje|pošiljalac|posiljalac|pošiljatelj|von|de)\s*:\s*\S", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^(sent|date|to|cc|subject|poslato|poslano|datum|za|prima|kopija|predmet|tema|gesendet|an|betreff)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderOther();

    [GeneratedRegex(@"^_{10,}\s*$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^(sent from my|sent from outlook|sent from mail for windows|sent from yahoo|sent from samsung|sent via|sent from my samsung|get outlook for|poslato sa mog|poslato s mog|poslano sa mog|poslano s mog|poslato sa mobilnog|poslato sa samsung|poslato iz|послато са|послано са)", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneSignature();

    [GeneratedRegex(@"^(kind regards|best regards|warm regards|regards|best wishes|best|thanks|thank you|many thanks|sincerely|yours sincerely|yours faithfully|cheers|s postovanjem|sa postovanjem|srdacan pozdrav|srdacno|pozdrav|pozdravi|lijep pozdrav|lep pozdrav|srdacni pozdravi|hvala|hvala unaprijed|unaprijed hvala|svako dobro)$")]
    private static partial Regex Valediction();
}
