using System.Text.RegularExpressions;
using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Core.Tests.Institutions;

/// <summary>Every implementer and partner named in the 2012–2013 plan must resolve against the catalogue.</summary>
public sealed partial class ActionPlanCoverageTests
{
    private const int ImplementersColumn = 3;
    private const int TimeframeColumn = 4;
    private const int PartnersColumn = 7;

    [GeneratedRegex(@"^\s*(<p>)?\s*\d+\.\d+")]
    private static partial Regex ActivityCode();

    // Text that belongs in the funds column but leaked into partners.
    [GeneratedRegex(@"^(regular funds|donations|no additional funds required)$", RegexOptions.IgnoreCase)]
    private static partial Regex FundsText();

    [Fact]
    public void Every_implementer_and_partner_cell_of_the_plan_resolves_without_unknown_names()
    {
        var rows = ReadActivityRows(RealCatalogue.ActionPlanPath);
        Assert.True(rows.Count >= 80, $"only {rows.Count} activity rows read; the table reader is broken");

        var failures = new List<string>();
        var resolved = 0;
        foreach (var row in rows)
        {
            foreach (var cell in InstitutionCells(row))
            {
                var result = InstitutionListParser.Parse(cell, RealCatalogue.Directory);
                resolved += result.InstitutionIds.Count;
                var unknown = result.Unknown.Where(u => !FundsText().IsMatch(u)).ToList();
                if (unknown.Count > 0)
                {
                    failures.Add($"line {row.Line}: [{string.Join(" | ", unknown)}] in \"{cell}\"");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(resolved >= 200, $"only {resolved} names resolved");
    }

    [Fact]
    public void Continuation_rows_are_joined_so_names_split_by_a_page_break_resolve()
    {
        var rows = ReadActivityRows(RealCatalogue.ActionPlanPath);

        var questionnaire = rows.Single(r => r.Cells[2].StartsWith("1.1.2. Development of a specialized multilingual", StringComparison.Ordinal));
        Assert.Equal(
            ["moi-office", "police-directorate", "ministry-labour-social-welfare"],
            InstitutionListParser.Parse(questionnaire.Cells[ImplementersColumn], RealCatalogue.Directory).InstitutionIds);

        var seminars = rows.Single(r => r.Cells[2].StartsWith("1.5.1.", StringComparison.Ordinal));
        Assert.Equal(
            ["moi-office", "international-organizations"],
            InstitutionListParser.Parse(seminars.Cells[PartnersColumn], RealCatalogue.Directory).InstitutionIds);
    }

    [Fact]
    public void A_row_shifted_left_by_one_cell_is_read_from_the_timeframe_column()
    {
        var rows = ReadActivityRows(RealCatalogue.ActionPlanPath);
        var shifted = rows.Single(r => r.Cells[2].StartsWith("2.4.1.", StringComparison.Ordinal));

        Assert.Equal(
            ["ngos", "red-cross", "employers-union"],
            InstitutionListParser.Parse(InstitutionCells(shifted).Last(), RealCatalogue.Directory).InstitutionIds);
    }

    private static IEnumerable<string> InstitutionCells(ActivityRow row)
    {
        yield return row.Cells[ImplementersColumn];

        // One row in the plan is shifted: its partners sit under Timeframe and the funds under Partners.
        var partners = row.Cells[PartnersColumn].Trim();
        yield return FundsText().IsMatch(partners) ? row.Cells[TimeframeColumn] : partners;
    }

    private sealed record ActivityRow(int Line, string[] Cells);

    /// <summary>
    /// Table rows have an activity code in the third cell. A row broken by a page break continues on
    /// lines whose first cell is empty and whose third cell has no code; their cells are appended to the
    /// row's cells in the same position so a name split across the break is whole again.
    /// </summary>
    private static List<ActivityRow> ReadActivityRows(string path)
    {
        var rows = new List<ActivityRow>();
        var lines = File.ReadAllLines(path);
        for (var n = 0; n < lines.Length; n++)
        {
            var cells = lines[n].Split('\t');
            if (cells.Length < 6)
            {
                continue;
            }

            if (ActivityCode().IsMatch(cells[2]))
            {
                var padded = new string[Math.Max(cells.Length, PartnersColumn + 1)];
                for (var k = 0; k < padded.Length; k++)
                {
                    padded[k] = k < cells.Length ? cells[k] : string.Empty;
                }

                rows.Add(new ActivityRow(n + 1, padded));
            }
            else if (rows.Count > 0 && cells[0].Trim().Length == 0)
            {
                var target = rows[^1].Cells;
                for (var k = 0; k < Math.Min(cells.Length, target.Length); k++)
                {
                    if (cells[k].Trim().Length > 0)
                    {
                        target[k] = target[k].TrimEnd() + " " + cells[k].Trim();
                    }
                }
            }
        }

        return rows;
    }
}
