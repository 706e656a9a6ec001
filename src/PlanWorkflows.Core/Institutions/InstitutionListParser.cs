namespace PlanWorkflows.Core.Institutions;

/// <summary>
/// Splits an Implementers/Partners cell into institutions.
/// Splitting on commas or "and" first would cut names such as "Ministry of Labor and Social Welfare",
/// so the cell is scanned left to right taking the longest known name at each position; only text
/// that no known name covers is split on separators and reported as unknown.
/// </summary>
public static class InstitutionListParser
{
    // Connectors between names. Checked after names, so "and" inside a known name never splits it.
    private static readonly string[][] Connectors =
    [
        ["in", "cooperation", "with"],
        ["in", "collaboration", "with"],
        ["as", "well", "as"],
        ["together", "with"],
        ["and"],
        ["with"],
    ];

    // Words in the cells that qualify a name rather than name an institution: "MI-Office … with partners",
    // "representative of inspection services".
    private static readonly string[][] Fillers =
    [
        ["with", "partners"],
        ["representatives", "of"],
        ["representative", "of"],
    ];

    public static InstitutionListResult Parse(string? cell, InstitutionDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrWhiteSpace(cell))
        {
            return InstitutionListResult.Empty;
        }

        var tokens = InstitutionNameTokenizer.Tokenize(cell);
        var items = Scan(tokens, directory);
        ResolveSharedHeads(items, tokens, directory);

        var ids = new List<string>();
        var mentions = new List<InstitutionMention>(items.Count);
        var unknown = new List<string>();
        foreach (var item in items)
        {
            var text = cell[tokens[item.Start].Start..tokens[item.End - 1].End];
            mentions.Add(new InstitutionMention(text, item.Id));
            if (item.Id is null)
            {
                unknown.Add(text);
            }
            else if (!ids.Contains(item.Id))
            {
                ids.Add(item.Id);
            }
        }

        return new InstitutionListResult(ids, mentions, unknown);
    }

    private static List<Item> Scan(List<NameToken> tokens, InstitutionDirectory directory)
    {
        var items = new List<Item>();
        var pendingStart = -1;
        var afterAnd = false;

        void Flush(int end)
        {
            if (pendingStart >= 0)
            {
                // Stray dashes or brackets around unknown text are layout, not part of the name.
                var s = pendingStart;
                var e = end;
                while (s < e && !IsWord(tokens[s]))
                {
                    s++;
                }

                while (e > s && !IsWord(tokens[e - 1]))
                {
                    e--;
                }

                if (s < e)
                {
                    items.Add(new Item(s, e, null, afterAnd));
                    afterAnd = false;
                }
            }

            pendingStart = -1;
        }

        var i = 0;
        while (i < tokens.Count)
        {
            if (tokens[i].IsSeparator)
            {
                Flush(i);
                afterAnd = false;
                i++;
                continue;
            }

            var (id, length) = LongestName(tokens, i, directory);
            if (id is not null)
            {
                Flush(i);
                items.Add(new Item(i, i + length, id, afterAnd));
                afterAnd = false;
                i += length;
                continue;
            }

            var filler = MatchPhrase(tokens, i, Fillers);
            if (filler > 0)
            {
                Flush(i);
                i += filler;
                continue;
            }

            var connector = MatchPhrase(tokens, i, Connectors);
            if (connector > 0)
            {
                Flush(i);
                afterAnd = connector == 1 && tokens[i].Value == "and";
                i += connector;
                continue;
            }

            if (pendingStart < 0)
            {
                pendingStart = i;
            }

            i++;
        }

        Flush(tokens.Count);
        return items;
    }

    /// <summary>
    /// "International and non-governmental organizations" names two groups sharing one head noun:
    /// an unknown text joined by "and" to a known name is retried with that name's last word.
    /// </summary>
    private static void ResolveSharedHeads(List<Item> items, List<NameToken> tokens, InstitutionDirectory directory)
    {
        for (var k = 0; k + 1 < items.Count; k++)
        {
            var (left, right) = (items[k], items[k + 1]);
            if (left.Id is not null || right.Id is null || !right.AfterAnd)
            {
                continue;
            }

            var head = tokens[right.End - 1].Value;
            var key = InstitutionNameTokenizer.Join(tokens, left.Start, left.End - left.Start) + " " + head;
            if (directory.ResolveKey(key) is { } institution)
            {
                items[k] = left with { Id = institution.Id };
            }
        }
    }

    private static (string? Id, int Length) LongestName(List<NameToken> tokens, int start, InstitutionDirectory directory)
    {
        var max = Math.Min(directory.MaxNameTokens, tokens.Count - start);
        for (var length = max; length > 0; length--)
        {
            // A name never ends on punctuation; skipping those spans avoids a lookup that cannot hit.
            var last = tokens[start + length - 1];
            if (!IsWord(last) && last.Value != ")")
            {
                continue;
            }

            var key = InstitutionNameTokenizer.Join(tokens, start, length);
            if (directory.ResolveKey(key) is { } institution)
            {
                return (institution.Id, length);
            }
        }

        return (null, 0);
    }

    private static int MatchPhrase(List<NameToken> tokens, int start, string[][] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (start + phrase.Length > tokens.Count)
            {
                continue;
            }

            var matches = true;
            for (var k = 0; k < phrase.Length && matches; k++)
            {
                matches = tokens[start + k].Value == phrase[k];
            }

            if (matches)
            {
                return phrase.Length;
            }
        }

        return 0;
    }

    private static bool IsWord(NameToken token) => token.Value.Length > 0 && char.IsLetterOrDigit(token.Value[0]);

    /// <summary>Tokens [Start, End) of one mention.</summary>
    private readonly record struct Item(int Start, int End, string? Id, bool AfterAnd);
}
