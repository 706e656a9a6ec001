using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Core.Catalogue.Reading;

/// <summary>
/// Reads the text form of an adopted Action Plan (headings, objective lists and tab-separated
/// tables, as produced by converting the published document) into a <see cref="PlanDocument"/>;
/// a Word document goes through <see cref="PlanDocxReader"/>, which gives this reader its lines.
/// It knows the shape of such documents, never the content of a particular one.
/// </summary>
public static partial class PlanDocumentReader
{
    private static readonly PlanColumn[] ConventionalOrder =
    [
        PlanColumn.Objective, PlanColumn.Measure, PlanColumn.Activity, PlanColumn.Implementers,
        PlanColumn.Timeframe, PlanColumn.Indicators, PlanColumn.Funds, PlanColumn.Partners,
    ];

    public static PlanDocument ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new ImportException(path, 0, $"cannot read the document: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ImportException(path, 0, $"cannot read the document: {ex.Message}", ex);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads a plan document by its content: a Word document (.docx) or the text form.</summary>
    public static PlanDocument Read(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (PlanDocxReader.LooksLikeDocx(bytes))
        {
            return PlanDocxReader.Read(bytes, source);
        }

        var warnings = new List<ImportWarning>();
        var text = Decode(bytes, source, warnings);
        var document = Read(text, source);
        document.Warnings.InsertRange(0, warnings);
        return document;
    }

    public static PlanDocument Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ImportException(source, 0, "the document is empty");
        }

        RejectBinary(text, source);

        var document = new PlanDocument { Source = source };
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var state = new ReaderState(document);

        for (var index = 0; index < lines.Length; index++)
        {
            state.Accept(index + 1, lines[index]);
        }

        state.Finish();

        if (!document.Areas.Any(a => a.Rows.Count > 0))
        {
            throw new ImportException(source, 0,
                "no activity table found: expected a tab-separated header row naming at least the Measure, Activity, Implementers and Timeframe columns");
        }

        // Areas named only in the table of contents or the introduction carry no activities.
        document.Areas.RemoveAll(a => a.Rows.Count == 0);
        return document;
    }

    private static string Decode(byte[] bytes, string source, List<ImportWarning> warnings)
    {
        if (bytes.Length == 0)
        {
            throw new ImportException(source, 0, "the document is empty");
        }

        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            var line = 1 + bytes.AsSpan(0, Array.IndexOf(bytes, (byte)0)).Count((byte)'\n');
            throw new ImportException(source, line, "not a text document: binary content (a NUL byte)");
        }

        try
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var text = strict.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            // Documents exported on Montenegrin Windows machines come as windows-1250.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            warnings.Add(new ImportWarning("encoding", "document", "not valid UTF-8", "read as windows-1250"));
            return Encoding.GetEncoding(1250).GetString(bytes);
        }
    }

    private static void RejectBinary(string text, string source)
    {
        var control = 0;
        var line = 1;
        var firstBadLine = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
            }
            else if ((char.IsControl(c) && c != '\t' && c != '\r') || c == '\uFFFD')
            {
                control++;
                if (firstBadLine == 0)
                {
                    firstBadLine = line;
                }
            }
        }

        if (control > 16 && control * 50 > text.Length)
        {
            throw new ImportException(source, firstBadLine, "not a text document: binary content");
        }
    }

    private sealed class ReaderState(PlanDocument document)
    {
        private DocumentArea? _area;
        private PlanColumn?[]? _columns;
        private bool _inObjectives;
        private bool _inTitle;
        private bool _blankSinceLastRow;
        private DocumentRow? _lastRow;
        private readonly StringBuilder _title = new();

        public void Accept(int number, string line)
        {
            var rawCells = line.Split('\t');
            var cells = rawCells.Select(TextCleaner.Clean).ToArray();
            var nonEmpty = cells.Count(c => c.Length > 0);

            if (_inTitle || (document.Title is null && _area is null && line.TrimStart().StartsWith("**", StringComparison.Ordinal)))
            {
                ReadTitle(line);
                return;
            }

            if (nonEmpty == 0)
            {
                _blankSinceLastRow = true;
                return;
            }

            if (cells.All(c => c.Length == 0 || SeparatorCell().IsMatch(c)))
            {
                return;
            }

            if (nonEmpty == 1 && AreaHeading(cells.First(c => c.Length > 0)) is { } heading)
            {
                _area = new DocumentArea { Title = heading, Line = number };
                document.Areas.Add(_area);
                _columns = null;
                _inObjectives = false;
                _lastRow = null;
                return;
            }

            if (TryReadHeader(number, cells) is { } columns)
            {
                if (_area is null)
                {
                    _area = new DocumentArea { Title = "(untitled area)", Line = number };
                    document.Areas.Add(_area);
                    document.Warnings.Add(new ImportWarning("area-missing", "document", "a table with no area heading before it", "kept under '(untitled area)'", number));
                }

                _columns = columns;
                _inObjectives = false;
                _lastRow = null;
                return;
            }

            if (_columns is null)
            {
                ReadPreamble(cells);
                return;
            }

            ReadRow(number, line, rawCells, cells);
        }

        public void Finish()
        {
            if (_inTitle && document.Title is null)
            {
                document.Title = TextCleaner.Clean(_title.ToString());
            }
        }

        private void ReadTitle(string line)
        {
            _inTitle = true;
            _title.Append(' ').Append(line);
            if (line.TrimEnd().EndsWith("**", StringComparison.Ordinal) && _title.ToString().Count(c => c == '*') >= 4)
            {
                _inTitle = false;
                var block = TextCleaner.Clean(_title.ToString());
                _title.Clear();
                // The title page lists the government and ministry before the plan's own name.
                var at = block.IndexOf("ACTION PLAN", StringComparison.OrdinalIgnoreCase);
                if (at < 0)
                {
                    at = block.IndexOf("AKCIONI PLAN", StringComparison.OrdinalIgnoreCase);
                }

                if (at >= 0)
                {
                    document.Title = block[at..];
                }
            }
        }

        private void ReadPreamble(string[] cells)
        {
            var first = cells.First(c => c.Length > 0);
            if (document.Adopted is null && first.Contains("action plan", StringComparison.OrdinalIgnoreCase)
                && AdoptionSentence().Match(first) is { Success: true } adopted
                && DateTime.TryParseExact(adopted.Groups["date"].Value.Replace(",", string.Empty, StringComparison.Ordinal),
                    ["MMMM d yyyy", "MMMM dd yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                document.Adopted = DateOnly.FromDateTime(date);
            }

            if (_area is null)
            {
                return;
            }

            if (ObjectiveLabel().IsMatch(first))
            {
                _inObjectives = true;
                return;
            }

            if (_inObjectives && NumberedObjective().Match(first) is { Success: true } objective)
            {
                var numberText = objective.Groups["n"].Value;
                _area.Objectives[int.Parse(numberText, CultureInfo.InvariantCulture)] = objective.Groups["text"].Value.TrimEnd('*', ' ');
            }
        }

        private PlanColumn?[]? TryReadHeader(int number, string[] cells)
        {
            var mapped = cells.Select(c => c.Length == 0 ? null : PlanColumns.FromHeader(c)).ToArray();
            var known = mapped.Where(m => m is not null).Select(m => m!.Value).ToHashSet();
            if (!known.Contains(PlanColumn.Activity) || known.Count < 4)
            {
                return null;
            }

            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Length == 0 || mapped[i] is not null)
                {
                    continue;
                }

                // A renamed column standing where the conventional order puts a column that is
                // otherwise missing is that column; anything else is kept aside, never guessed.
                if (i < ConventionalOrder.Length && !known.Contains(ConventionalOrder[i]))
                {
                    mapped[i] = ConventionalOrder[i];
                    known.Add(ConventionalOrder[i]);
                    document.Warnings.Add(new ImportWarning("header-unknown", $"column {i + 1}", $"header '{cells[i]}' is not a known column name",
                        $"taken as {ConventionalOrder[i].DisplayName()} by its position", number));
                }
                else
                {
                    document.Warnings.Add(new ImportWarning("header-unknown", $"column {i + 1}", $"header '{cells[i]}' is not a known column name",
                        "its cells are kept in row warnings, not imported", number));
                }
            }

            foreach (var required in new[] { PlanColumn.Activity, PlanColumn.Implementers, PlanColumn.Timeframe })
            {
                if (!known.Contains(required))
                {
                    document.Warnings.Add(new ImportWarning("header-missing", required.DisplayName(), $"the table header has no {required.DisplayName()} column",
                        $"{required.DisplayName()} left empty for this table's rows", number));
                }
            }

            return mapped;
        }

        private void ReadRow(int number, string line, string[] rawCells, string[] cells)
        {
            var columns = _columns!;
            var values = new Dictionary<PlanColumn, string>();
            var warnings = new List<ImportWarning>();
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Length == 0)
                {
                    continue;
                }

                if (i < columns.Length && columns[i] is { } column)
                {
                    values[column] = cells[i];
                }
                else if (i < columns.Length)
                {
                    warnings.Add(new ImportWarning("cell-unmapped", $"column {i + 1}", $"text under an unknown header: '{Shorten(cells[i])}'", "not imported", number));
                }
                else
                {
                    // Converters sometimes split a cell in two; the text is kept, in the last column.
                    var last = columns.Where(c => c is not null).Select(c => c!.Value).DefaultIfEmpty(PlanColumn.Partners).Last();
                    values[last] = values.TryGetValue(last, out var existing) ? $"{existing} {cells[i]}" : cells[i];
                    warnings.Add(new ImportWarning("too-many-cells", last.DisplayName(),
                        $"row has {cells.Count(c => c.Length > 0)} filled cells in {cells.Length} for a {columns.Length}-column table; extra cell '{Shorten(cells[i])}'",
                        $"appended to {last.DisplayName()}", number));
                }
            }

            if (rawCells.Any(TextCleaner.HasMarkup))
            {
                warnings.Add(new ImportWarning("markup", "row", "cells wrapped in HTML tags", "tags removed", number));
            }

            if (IsContinuation(values))
            {
                if (_lastRow is not null)
                {
                    Continue(_lastRow, number, line, values, warnings);
                    _blankSinceLastRow = false;
                    return;
                }

                warnings.Add(new ImportWarning("orphan-continuation", "row", "a row that continues nothing (no activity before it in this table)", "kept as its own row", number));
            }

            var row = new DocumentRow { Line = number };
            row.RawLines.Add(line);
            foreach (var (column, value) in values)
            {
                row.Set(column, value);
            }

            var filled = cells.Count(c => c.Length > 0);
            if (rawCells.Length < columns.Length && filled > 0)
            {
                row.Warnings.Add(new ImportWarning("truncated-row", "row", $"row has {rawCells.Length} of {columns.Length} cells",
                    "missing cells left empty", number));
            }

            row.Warnings.AddRange(warnings);
            _area!.Rows.Add(row);
            _lastRow = row;
            _blankSinceLastRow = false;
        }

        private bool IsContinuation(Dictionary<PlanColumn, string> values)
        {
            string Get(PlanColumn c) => values.TryGetValue(c, out var v) ? v : string.Empty;

            var objective = Get(PlanColumn.Objective);
            var measure = Get(PlanColumn.Measure);
            var activity = Get(PlanColumn.Activity);
            if (StartsWithCode(activity) || StartsWithCode(measure) || StartsWithCode(objective))
            {
                return false;
            }

            // A fresh row that lost its code still starts a sentence; the tail of a cell broken by
            // a page break does not (lower case, a quote, a bracket), or the row has no activity text.
            bool ContinuesText(string s) => s.Length == 0 || !char.IsUpper(s[0]);
            var textContinues = ContinuesText(activity) && ContinuesText(measure) && ContinuesText(objective);
            if (!textContinues)
            {
                return false;
            }

            // After a page break this is the classic continuation; without one, a row with no own
            // activity text still cannot be an activity.
            return _blankSinceLastRow || activity.Length == 0 || ContinuesText(activity);
        }

        private static void Continue(DocumentRow row, int number, string line, Dictionary<PlanColumn, string> values, List<ImportWarning> warnings)
        {
            row.RawLines.Add(line);
            row.ContinuationLines.Add(number);
            var joined = new List<string>();
            foreach (var (column, tail) in values)
            {
                var head = row[column];
                row.Set(column, JoinBroken(head, tail, column, number, row.Warnings));
                joined.Add(column.DisplayName());
            }

            row.Warnings.AddRange(warnings);
            row.Warnings.Add(new ImportWarning("continuation", string.Join(", ", joined), $"cells continued on line {number} after a page break",
                "joined to the row", number));
        }

        internal static string JoinBroken(string head, string tail, PlanColumn column, int number, List<ImportWarning> warnings)
        {
            if (head.Length == 0)
            {
                return tail;
            }

            if (tail.Length == 0)
            {
                return head;
            }

            var lastWord = LastWord().Match(head);
            var firstWord = FirstWord().Match(tail);
            if (lastWord.Success && firstWord.Success && char.IsLower(firstWord.Value[0]))
            {
                // "consequen-" + "ces": a word hyphenated across the break.
                if (head.EndsWith('-') && head.Length > 1 && char.IsLetter(head[^2]))
                {
                    var word = lastWord.Value.TrimEnd('-') + firstWord.Value;
                    warnings.Add(new ImportWarning("hyphenation", column.DisplayName(), $"'{lastWord.Value}' + '{firstWord.Value}' across a page break",
                        $"joined as '{word}'", number));
                    return head[..^1] + tail;
                }

                // "consequences" + "ces of …": the converter repeated the end of the broken word.
                var stem = lastWord.Value;
                var piece = firstWord.Value;
                if (piece.Length >= 3 && stem.Length > piece.Length + 2 && stem.EndsWith(piece, StringComparison.Ordinal)
                    && tail.Length > piece.Length && !char.IsLetter(tail[piece.Length]))
                {
                    warnings.Add(new ImportWarning("hyphenation", column.DisplayName(), $"'{stem}' followed by its own ending '{piece}' across a page break",
                        $"the repeated '{piece}' dropped", number));
                    return head + tail[piece.Length..];
                }
            }

            return head + " " + tail;
        }

        private static string? AreaHeading(string text)
        {
            var title = PageNumber().Replace(text, string.Empty).Trim().TrimEnd('.').Trim();
            var letters = title.Count(char.IsLetter);
            if (letters < 4 || title.Any(c => char.IsLetter(c) && !char.IsUpper(c)) || ObjectiveLabel().IsMatch(title))
            {
                return null;
            }

            if (title.Any(char.IsDigit) || !title.Contains(' ', StringComparison.Ordinal) && letters < 6)
            {
                return null;
            }

            return title;
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
    }

    internal static bool StartsWithCode(string text) => CodePrefix().IsMatch(text);

    [GeneratedRegex(@"^\s*\d+(\s*\.\s*\d+)*\s*\.?(?=\s|[A-Za-zčćšđžČĆŠĐŽ]|$)")]
    private static partial Regex CodePrefix();

    [GeneratedRegex(@"^-{2,}$")]
    private static partial Regex SeparatorCell();

    [GeneratedRegex(@"(\s*\.{2,}\s*|\s+)\d{1,3}$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^(strategic\s+)?objectives?\s*:?$|^(strateški\s+)?ciljevi?\s*:?$", RegexOptions.IgnoreCase)]
    private static partial Regex ObjectiveLabel();

    [GeneratedRegex(@"^[-–•*]?\s*(?<n>\d{1,2})\s*\.\s*(?<text>\S.*)$")]
    private static partial Regex NumberedObjective();

    [GeneratedRegex(@"session (from|of|held on) (?<date>[A-Z][a-z]+ \d{1,2}, \d{4})")]
    private static partial Regex AdoptionSentence();

    [GeneratedRegex(@"\S+$")]
    private static partial Regex LastWord();

    [GeneratedRegex(@"^\p{L}+")]
    private static partial Regex FirstWord();
}
