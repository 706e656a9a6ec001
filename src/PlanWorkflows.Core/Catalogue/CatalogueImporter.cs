using System.Globalization;
using System.Text.RegularExpressions;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Catalogue;

/// <summary>
/// Gives meaning to a <see cref="PlanDocument"/>: codes, objectives and measures carried down
/// their groups, implementers resolved to institutions, timeframes parsed into schedules, and
/// cells that the conversion shifted into the wrong column put back where the evidence is clear.
/// Every repair is recorded as a warning on the activity.
/// </summary>
public sealed partial class CatalogueImporter(InstitutionDirectory institutions)
{
    public PlanCatalogue Import(PlanDocument document, PlanPeriod? period = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var catalogue = new PlanCatalogue
        {
            Plan = new PlanInfo
            {
                Title = document.Title ?? Path.GetFileNameWithoutExtension(document.Source),
                Adopted = document.Adopted,
                Source = Path.GetFileName(document.Source),
            },
            Warnings = [.. document.Warnings],
        };

        var resolvedPeriod = period ?? PeriodFromTitle(catalogue.Plan.Title)
            ?? throw new ImportException(document.Source, 0,
                $"cannot tell the plan period from the title '{catalogue.Plan.Title}': give it explicitly (--period yyyy-MM-dd..yyyy-MM-dd)");
        catalogue.Plan.PeriodStart = resolvedPeriod.Start;
        catalogue.Plan.PeriodEnd = resolvedPeriod.End;

        var usedAreaIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var area in document.Areas)
        {
            catalogue.Areas.Add(ImportArea(area, resolvedPeriod, usedAreaIds));
        }

        ActivityCodes.AssignAreaCodes(catalogue.Areas);
        LinkAfterActivities(catalogue);
        ActivityPeriods.FlagBeforeAdoption(catalogue);
        return catalogue;
    }

    private CatalogueArea ImportArea(DocumentArea source, PlanPeriod period, HashSet<string> usedAreaIds)
    {
        var id = Slug(source.Title);
        for (var n = 2; !usedAreaIds.Add(id); n++)
        {
            id = $"{Slug(source.Title)}-{n}";
        }

        var area = new CatalogueArea
        {
            Id = id,
            Title = TitleCase(source.Title),
            Objectives = [.. source.Objectives.Select(o => new CatalogueObjective { Number = o.Key, Text = o.Value })],
        };

        int? objectiveNumber = null;
        var objective = string.Empty;
        var measureCode = string.Empty;
        var measure = string.Empty;
        var codeProblems = new List<(CatalogueActivity Activity, string Problem, string Found)>();
        var codes = new Dictionary<string, CatalogueActivity>(StringComparer.Ordinal);

        foreach (var row in source.Rows)
        {
            var warnings = new List<ImportWarning>(row.Warnings);

            var objectiveCell = row[PlanColumn.Objective];
            if (objectiveCell.Length > 0)
            {
                (objectiveNumber, objective) = SplitObjective(objectiveCell);
                if (objectiveNumber is { } n && source.Objectives.TryGetValue(n, out var listed) && Similarity(listed, objective) < 0.5)
                {
                    warnings.Add(new ImportWarning("objective-mismatch", "objective",
                        $"objective {n} in the table ('{Short(objective)}') differs from objective {n} listed for the area ('{Short(listed)}')",
                        "kept the table's wording", row.Line));
                }
            }
            else if (objective.Length == 0)
            {
                if (source.Objectives.Count > 0)
                {
                    (objectiveNumber, objective) = (source.Objectives.Keys.First(), source.Objectives.Values.First());
                }

                warnings.Add(new ImportWarning("objective-missing", "objective", "no objective on this row or any row above it in the table",
                    objective.Length > 0 ? $"took the area's first objective ({objectiveNumber})" : "left empty", row.Line));
            }

            var measureCell = row[PlanColumn.Measure];
            if (measureCell.Length > 0)
            {
                var (code, text) = SplitCode(measureCell);
                measureCode = code ?? string.Empty;
                measure = text;
                if (code is null)
                {
                    warnings.Add(new ImportWarning("measure-code-missing", "measure", $"measure '{Short(text)}' has no code", "derived from the activity code", row.Line));
                }
            }
            else if (measure.Length == 0)
            {
                warnings.Add(new ImportWarning("measure-missing", "measure", "no measure on this row or any row above it in the table", "left empty", row.Line));
            }

            var (activityCode, title) = SplitCode(row[PlanColumn.Activity]);
            if (title.Length == 0)
            {
                title = $"(unreadable row at line {row.Line})";
                warnings.Add(new ImportWarning("row-unreadable", "activity", $"no activity text; raw cells: {string.Join(" | ", row.RawLines.Select(l => l.Replace('\t', '|')))}",
                    "kept for review with its raw cells", row.Line));
            }

            if (measureCode.Length == 0 && activityCode is not null && activityCode.Contains('.', StringComparison.Ordinal))
            {
                measureCode = activityCode[..activityCode.LastIndexOf('.')];
            }

            var activity = new CatalogueActivity
            {
                Code = activityCode ?? string.Empty,
                Area = area.Id,
                ObjectiveNumber = objectiveNumber,
                Objective = objective,
                MeasureCode = measureCode,
                Measure = measure,
                Title = title,
                Line = row.Line,
            };

            var cells = new RowCells(row[PlanColumn.Implementers], row[PlanColumn.Timeframe], row[PlanColumn.Indicators], row[PlanColumn.Funds], row[PlanColumn.Partners]);
            cells = RepairShiftedCells(cells, period, row.Line, warnings);

            activity.ImplementersText = cells.Implementers;
            activity.Implementers = ResolveInstitutions(cells.Implementers, "implementers", row.Line, warnings);
            if (activity.Implementers.Count == 0)
            {
                warnings.Add(new ImportWarning("implementer-missing", "implementers", cells.Implementers.Length == 0 ? "no implementer named" : "no implementer recognised",
                    "obligations cannot be generated until an implementer is set (overrides file)", row.Line));
            }

            activity.PartnersText = cells.Partners;
            activity.Partners = ResolveInstitutions(cells.Partners, "partners", row.Line, warnings);
            activity.Indicators = cells.Indicators;
            activity.IndicatorList = IndicatorRule.ForActivity(cells.Indicators, row.Line, warnings);
            activity.Funds = cells.Funds;
            activity.Timeframe = TimeframeParser.Parse(cells.Timeframe, period);
            if (activity.Timeframe.Kind == ScheduleKind.Unparsed)
            {
                warnings.Add(new ImportWarning("timeframe-unparsed", "timeframe",
                    cells.Timeframe.Length == 0 ? "no timeframe" : $"'{cells.Timeframe}' is not a known timeframe{(activity.Timeframe.Note is { } note ? $" ({note})" : string.Empty)}",
                    "reported in every semiannual round until reviewed", row.Line));
            }

            activity.Warnings = warnings;

            if (activityCode is null)
            {
                codeProblems.Add((activity, "code-missing", "no activity code"));
            }
            else if (measureCode.Length > 0 && activityCode.Count(c => c == '.') != measureCode.Count(c => c == '.') + 1)
            {
                codeProblems.Add((activity, "code-malformed", $"code '{activityCode}' does not have the form {measureCode}.N under measure {measureCode}"));
            }
            else if (codes.TryGetValue(activityCode, out var first))
            {
                codeProblems.Add((activity, "code-duplicate", $"code '{activityCode}' already used by the activity on line {first.Line}"));
            }
            else
            {
                codes[activityCode] = activity;
                if (measureCode.Length > 0 && !activityCode.StartsWith(measureCode + ".", StringComparison.Ordinal))
                {
                    activity.Warnings.Add(new ImportWarning("code-measure-mismatch", "activity",
                        $"code '{activityCode}' is not under its measure {measureCode}", "kept the activity code", row.Line));
                }
            }

            area.Activities.Add(activity);
        }

        // Codes are repaired after the whole table is read so a repaired code never takes one
        // that a later row really carries.
        foreach (var (activity, problem, found) in codeProblems)
        {
            var prefix = activity.MeasureCode.Length > 0 ? activity.MeasureCode : "0";
            var next = 1 + codes.Keys
                .Where(c => c.StartsWith(prefix + ".", StringComparison.Ordinal) && c.Count(ch => ch == '.') == prefix.Count(ch => ch == '.') + 1)
                .Select(c => int.TryParse(c[(prefix.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 0)
                .DefaultIfEmpty(0).Max();
            var assigned = $"{prefix}.{next}";
            codes[assigned] = activity;
            activity.Warnings.Add(new ImportWarning(problem, "activity", found, $"assigned code {assigned}, the next free one under measure {prefix}", activity.Line));
            activity.Code = assigned;
        }

        foreach (var activity in area.Activities)
        {
            activity.Key = $"{area.Id}/{activity.Code}";
        }

        return area;
    }

    private sealed record RowCells(string Implementers, string Timeframe, string Indicators, string Funds, string Partners);

    private RowCells RepairShiftedCells(RowCells cells, PlanPeriod period, int line, List<ImportWarning> warnings)
    {
        bool IsTimeframe(string text) => text.Length > 0 && TimeframeParser.Parse(text, period).Kind != ScheduleKind.Unparsed;

        if (cells.Timeframe.Length > 0 && !IsTimeframe(cells.Timeframe) && IsTimeframe(cells.Indicators))
        {
            if (LooksLikeInstitutions(cells.Timeframe))
            {
                // The partner list landed in the timeframe cell and pushed everything after it right.
                warnings.Add(new ImportWarning("columns-shifted", "timeframe, indicators, funds, partners",
                    $"a list of institutions ('{Short(cells.Timeframe)}') in the timeframe column and the timeframe ('{cells.Indicators}') in the indicators column",
                    "moved each cell one column back: the list to partners", line));
                var partners = cells.Partners.Length > 0 && !LooksLikeFunds(cells.Partners) ? $"{cells.Timeframe}, {cells.Partners}" : cells.Timeframe;
                var funds = LooksLikeFunds(cells.Partners) ? cells.Partners : cells.Funds.Length > 0 && LooksLikeFunds(cells.Funds) ? cells.Funds : string.Empty;
                var indicators = cells.Funds.Length > 0 && !LooksLikeFunds(cells.Funds) ? cells.Funds : string.Empty;
                cells = new RowCells(cells.Implementers, cells.Indicators, indicators, funds, partners);
            }
            else
            {
                warnings.Add(new ImportWarning("columns-swapped", "timeframe, indicators",
                    $"an indicator ('{Short(cells.Timeframe)}') in the timeframe column and the timeframe ('{cells.Indicators}') in the indicators column",
                    "swapped the two cells", line));
                cells = cells with { Timeframe = cells.Indicators, Indicators = cells.Timeframe };
            }
        }

        if (cells.Funds.Length == 0 && LooksLikeFunds(cells.Indicators))
        {
            warnings.Add(new ImportWarning("columns-shifted", "indicators, funds",
                $"funding text ('{cells.Indicators}') in the indicators column and the funds column empty",
                "moved it to funds; the activity has no indicator", line));
            cells = cells with { Funds = cells.Indicators, Indicators = string.Empty };
        }

        if (cells.Funds.Length > 0 && cells.Partners.StartsWith(cells.Funds + " ", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add(new ImportWarning("funds-in-partners", "partners", $"the partners cell repeats the funds ('{cells.Funds}') before the partners",
                "removed the repeated funds from partners", line));
            cells = cells with { Partners = cells.Partners[(cells.Funds.Length + 1)..].Trim() };
        }

        if (cells.Indicators.Length == 0)
        {
            warnings.Add(new ImportWarning("indicator-missing", "indicators", "no indicator of success", "the report will ask for a narrative only", line));
        }

        return cells;
    }

    private bool LooksLikeInstitutions(string text)
    {
        var result = InstitutionListParser.Parse(text, institutions);
        return result.InstitutionIds.Count > 0 && result.Unknown.Count == 0;
    }

    private static bool LooksLikeFunds(string text) =>
        text.Length is > 0 and < 100 && FundsWords().IsMatch(text) && !text.Contains("number", StringComparison.OrdinalIgnoreCase);

    private List<string> ResolveInstitutions(string text, string column, int line, List<ImportWarning> warnings)
    {
        var result = InstitutionListParser.Parse(text, institutions);
        foreach (var unknown in result.Unknown)
        {
            warnings.Add(new ImportWarning("institution-unknown", column, $"'{unknown}' is not a known institution",
                "not linked; add it or an alias to institutions.yaml", line));
        }

        return [.. result.InstitutionIds];
    }

    private static void LinkAfterActivities(PlanCatalogue catalogue)
    {
        var all = catalogue.Activities.ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var wordsOf = all.ToDictionary(a => a, a => Words(a.Title));
        foreach (var word in wordsOf.Values.SelectMany(w => w))
        {
            documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        }

        foreach (var activity in all.Where(a => a.Timeframe.Kind == ScheduleKind.AfterActivity && a.Timeframe.AfterActivityCode is null))
        {
            var reference = Words(activity.Timeframe.AfterReference ?? activity.Timeframe.Text);
            var best = all.Where(c => c != activity)
                .Select(c => (Candidate: c, Score: reference.Where(wordsOf[c].Contains).Sum(w => Math.Log((double)all.Count / documentFrequency[w]))
                    + (c.Area == activity.Area ? 0.5 : 0) + (c.Area == activity.Area && c.MeasureCode == activity.MeasureCode ? 1.0 : 0)))
                .Where(x => x.Score > 1.5)
                .OrderByDescending(x => x.Score)
                .FirstOrDefault();
            if (best.Candidate is null)
            {
                activity.Warnings.Add(new ImportWarning("after-activity-unresolved", "timeframe",
                    $"'{activity.Timeframe.Text}' names no activity that could be found", "reported in every semiannual round until linked", activity.Line));
                continue;
            }

            activity.Timeframe = activity.Timeframe with { AfterActivityCode = best.Candidate.Key };
            activity.Warnings.Add(new ImportWarning("after-activity-linked", "timeframe",
                $"'{activity.Timeframe.Text}' refers to another activity", $"linked to {best.Candidate.Key} ('{Short(best.Candidate.Title)}') by its wording", activity.Line));
        }
    }

    internal static PlanPeriod? PeriodFromTitle(string title)
    {
        if (YearRange().Match(title) is { Success: true } range)
        {
            var from = int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture);
            var to = int.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture);
            if (to >= from && to - from < 20)
            {
                return new PlanPeriod(new DateOnly(from, 1, 1), new DateOnly(to, 12, 31));
            }
        }

        var years = SingleYear().Matches(title).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return years.Count == 1 ? new PlanPeriod(new DateOnly(years[0], 1, 1), new DateOnly(years[0], 12, 31)) : null;
    }

    private static (int? Number, string Text) SplitObjective(string cell)
    {
        var match = NumberedText().Match(cell);
        return match.Success
            ? (int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture), match.Groups["text"].Value.Trim())
            : (null, cell);
    }

    internal static (string? Code, string Text) SplitCode(string cell)
    {
        var match = CodedText().Match(cell);
        if (!match.Success)
        {
            return (null, cell.Trim());
        }

        var code = Regex.Replace(match.Groups["code"].Value, @"\s", string.Empty).Trim('.');
        return (code, match.Groups["text"].Value.Trim());
    }

    private static HashSet<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3 && !StopWords.Contains(w)).Select(w => w.Length > 6 ? w[..6] : w)];

    private static readonly HashSet<string> StopWords = ["the", "and", "for", "with", "that", "from", "this", "their", "after", "into", "other", "continuity", "beginning", "which", "within"];

    private static double Similarity(string a, string b)
    {
        var x = Words(a);
        var y = Words(b);
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / x.Union(y).Count();
    }

    internal static string Slug(string title)
    {
        var lower = title.ToLowerInvariant();
        var slug = NonSlug().Replace(lower, "-").Trim('-');
        return slug.Length == 0 ? "area" : slug;
    }

    private static string TitleCase(string title)
    {
        if (title.Any(char.IsLower))
        {
            return title;
        }

        // "SUPPORT, PROTECTION AND REINTEGRATION OF VICTIMS" → "Support, Protection and Reintegration of Victims"
        var words = title.ToLowerInvariant().Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Length > 0 && (i == 0 || !SmallWords.Contains(words[i])))
            {
                words[i] = char.ToUpperInvariant(words[i][0]) + words[i][1..];
            }
        }

        return string.Join(' ', words);
    }

    private static readonly HashSet<string> SmallWords = ["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "i", "u", "za", "od", "na"];

    private static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"^(?<n>\d{1,2})\s*\.?\s*(?<text>\D.*)$")]
    private static partial Regex NumberedText();

    [GeneratedRegex(@"^(?<code>\d+(\s*\.\s*\d+)*)\s*\.?\s*(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex CodedText();

    [GeneratedRegex(@"\b(\d{4})\s*[-–—]\s*(\d{4})\b")]
    private static partial Regex YearRange();

    [GeneratedRegex(@"\b(19|20)\d{2}\b")]
    private static partial Regex SingleYear();

    [GeneratedRegex(@"\b(funds?|donations?|budget|financ\w*|sredstva|donacij\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FundsWords();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonSlug();
}
