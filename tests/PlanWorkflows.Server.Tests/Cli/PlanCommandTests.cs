using System.Text.Json;
using System.Text.RegularExpressions;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class PlanCommandTests
{
    private static string Document => CliRunner.Repo("workflows", "plans", "sources", "action-plan-2012-2013.txt");

    private static string Checked => CliRunner.Repo("workflows", "plans", "action-plan-2012-2013.yaml");

    private static string Workflows => CliRunner.Repo("workflows");

    [Fact]
    public void Import_writes_the_catalogue_and_prints_the_warnings()
    {
        using var temp = new TempFolder();
        var output = temp.File("plan.yaml");
        var result = CliRunner.Run("plan", "import", Document, "--out", output, "--workflows", Workflows);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("imported 87 activities in 8 areas", result.Output, StringComparison.Ordinal);
        Assert.Contains("international-cooperation/1.1.5 [code-malformed]", result.Output, StringComparison.Ordinal);
        Assert.Contains("action-plan-2012-2013.txt:197:", result.Output, StringComparison.Ordinal);
        Assert.Contains("key: education/1.6.3", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Checked_in_catalogue_is_what_import_produces()
    {
        using var temp = new TempFolder();
        var output = temp.File("plan.yaml");
        Assert.Equal(0, CliRunner.Run("plan", "import", Document, "--out", output, "--workflows", Workflows).ExitCode);
        Assert.Equal(File.ReadAllText(Checked), File.ReadAllText(output));
    }

    [Fact]
    public void Import_of_a_missing_document_fails_in_one_line_and_keeps_the_old_catalogue()
    {
        using var temp = new TempFolder();
        var output = temp.File("plan.yaml");
        File.WriteAllText(output, "previous: content\n");
        var result = CliRunner.Run("plan", "import", temp.File("missing.txt"), "--out", output, "--workflows", Workflows);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("missing.txt", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Equal("previous: content\n", File.ReadAllText(output));
    }

    [Fact]
    public void Import_of_a_broken_Word_document_names_the_file_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var binary = temp.File("plan.docx");
        File.WriteAllBytes(binary, [0x50, 0x4B, 0x03, 0x04, 0x0A, 0x00, 0x00, 0x00]);
        var result = CliRunner.Run("plan", "import", binary, "--out", temp.File("plan.yaml"), "--workflows", Workflows);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("plan.docx: not a readable Word document (.docx)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("plan.yaml")));
    }

    [Fact]
    public void Import_of_the_Word_document_gives_the_checked_in_catalogue_and_locates_warnings_by_table_and_row()
    {
        using var temp = new TempFolder();
        var docx = temp.File("action-plan-2012-2013.docx");
        File.WriteAllBytes(docx, PlanWorkflows.Core.Tests.Catalogue.PlanDocx.FromText(File.ReadAllText(Document)));
        var output = temp.File("plan.yaml");
        var result = CliRunner.Run("plan", "import", docx, "--out", output, "--workflows", Workflows);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("imported 87 activities in 8 areas", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"action-plan-2012-2013\.docx:\d+ \(table \d+, row \d+\): international-cooperation/1\.1\.5 \[code-malformed\]", result.Output);
        Assert.Equal(File.ReadAllText(Checked), File.ReadAllText(output).Replace("action-plan-2012-2013.docx", "action-plan-2012-2013.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_accepts_the_checked_in_catalogue()
    {
        var result = CliRunner.Run("plan", "validate", Checked);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid; 87 activities", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_a_bad_reference_with_its_line()
    {
        using var temp = new TempFolder();
        var path = temp.File("plan.yaml");
        var yaml = File.ReadAllText(Checked).Replace("- judicial-training-centre", "- ministry-of-magic", StringComparison.Ordinal);
        File.WriteAllText(path, yaml);
        var result = CliRunner.Run("plan", "validate", path, "--workflows", Workflows);
        Assert.Equal(1, result.ExitCode);
        var line = 1 + yaml[..yaml.IndexOf("key: education/1.1.1\n", StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.Contains($"plan.yaml:{line}: activity education/1.1.1: institution 'ministry-of-magic' is not in institutions.yaml", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_broken_yaml_with_its_line()
    {
        using var temp = new TempFolder();
        var path = temp.File("plan.yaml");
        File.WriteAllText(path, "plan:\n  title: x\nareas:\n  - id: a\n    activities: [\n");
        var result = CliRunner.Run("plan", "validate", path, "--workflows", Workflows);
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: .*plan\.yaml:\d+: ", result.Error);
    }

    [Fact]
    public void Validate_refuses_an_unknown_field()
    {
        using var temp = new TempFolder();
        var path = temp.File("plan.yaml");
        File.WriteAllText(path, File.ReadAllText(Checked).Replace("  funds: Regular funds, donations\n", "  fundz: Regular funds, donations\n", StringComparison.Ordinal));
        var result = CliRunner.Run("plan", "validate", path, "--workflows", Workflows);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("fundz", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_prints_the_catalogue_as_json_with_due_dates()
    {
        var result = CliRunner.Run("plan", "export", Checked, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("2012-01-01", root.GetProperty("plan").GetProperty("periodStart").GetString());
        Assert.Equal(8, root.GetProperty("areas").GetArrayLength());
        var first = root.GetProperty("areas")[0].GetProperty("activities")[0];
        Assert.Equal("1.1.1", first.GetProperty("code").GetString());
        Assert.Equal("moi-office", first.GetProperty("implementers")[0].GetString());
        var timeframe = first.GetProperty("timeframe");
        Assert.Equal("Recurring", timeframe.GetProperty("kind").GetString());
        Assert.Equal("0 9 L 12 *", timeframe.GetProperty("cron").GetString());
        Assert.Equal(["2012-12-31", "2013-12-31"], timeframe.GetProperty("dueDates").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains(root.GetProperty("institutions").EnumerateArray(), i => i.GetProperty("id").GetString() == "police-directorate"
            && i.GetProperty("nameCnr").GetString() == "Uprava policije");
        Assert.Contains(root.GetProperty("institutions").EnumerateArray(), i => i.GetProperty("id").GetString() == "moi-office"
            && i.GetProperty("aliases").EnumerateArray().Any(a => a.GetString() == "MUP-Kancelarija za borbu protiv trgovine ljudima"));
    }

    [Fact]
    public void Schedule_lists_obligations_in_csv_within_the_dates()
    {
        var result = CliRunner.Run("plan", "schedule", Checked, "--from", "2013-01-01", "--to", "2013-04-05", "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd().Split('\n');
        Assert.Equal("activity,area,institution,period,periodStart,periodEnd,nominalDue,dueDate,kind", lines[0]);
        // One reference as people write it, the area's name beside it.
        Assert.Contains(lines, l => l.StartsWith("PRE 2.1.1,Prevention and Education,moi-office,", StringComparison.Ordinal) && l.EndsWith(",2013-03-31,2013-04-01,Deadline", StringComparison.Ordinal));
        var rows = lines.Skip(1).Select(Cells).ToList();
        Assert.All(rows, r => Assert.Equal(9, r.Count));
        Assert.All(rows, r => Assert.Matches(@"^[A-Z][A-Z0-9]{1,5} \d+(\.\d+)+$", r[0]));
        Assert.All(rows, r => Assert.InRange(r[^2], "2013-01-01", "2013-04-05"));
    }

    [Fact]
    public void Schedule_of_the_whole_plan_starts_at_its_adoption_and_keeps_the_periods_that_straddle_it()
    {
        var result = CliRunner.Run("plan", "schedule", Checked, "--format", "csv");
        Assert.Equal(0, result.ExitCode);
        var rows = result.Output.TrimEnd().Split('\n').Skip(1).Select(Cells).ToList();
        Assert.NotEmpty(rows);
        // periodEnd: nothing that was over before 13 September 2012, when the plan was adopted.
        Assert.All(rows, r => Assert.True(string.CompareOrdinal(r[5], "2012-09-13") >= 0, string.Join(',', r)));
        Assert.DoesNotContain(rows, r => r[3] == "2012-H1");
        Assert.Contains(rows, r => r[3] == "by 2012-Q3" && r[4] == "2012-01-01" && r[7] == "2012-10-01");
        // An area's name with a comma in it is one quoted cell.
        Assert.Contains(rows, r => r[0].StartsWith("SUP ", StringComparison.Ordinal) && r[1] == "Support, Protection and Reintegration of Victims");
        Assert.Contains("\"Support, Protection and Reintegration of Victims\"", result.Output, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal(9, r.Count));
    }

    [Fact]
    public void Schedule_refuses_a_bad_date()
    {
        var result = CliRunner.Run("plan", "schedule", Checked, "--from", "31.12.2013");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --from '31.12.2013' is not a date (yyyy-MM-dd)", result.Error.Trim());
    }

    /// <summary>The cells of one CSV line: separated by commas, a quoted cell may hold commas and doubled quotes.</summary>
    private static List<string> Cells(string line) =>
        [.. Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value is ['"', .. var quoted, '"'] ? quoted.Replace("\"\"", "\"", StringComparison.Ordinal) : m.Groups[1].Value)];

    [Fact]
    public void Every_verb_has_help()
    {
        foreach (var verb in new[] { "import", "validate", "export", "schedule" })
        {
            var result = CliRunner.Run("plan", verb, "--help");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        }
    }
}
