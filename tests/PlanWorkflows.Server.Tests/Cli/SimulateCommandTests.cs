using System.Text.Json;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class SimulateCommandTests
{
    private static string Plan => CliRunner.Repo("workflows", "plans", "action-plan-2012-2013.yaml");

    private static readonly string[] Fields = ["obligations", "instances", "stepsExecuted", "emailsQueued", "mailsSent", "repliesReceived", "escalations", "overdueAtEnd", "packs", "wallSeconds"];

    [Fact]
    public void Whole_plan_prints_exactly_one_json_object_and_leaves_database_and_mails()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("simulate", "--plan", Plan, "--out", temp.Path);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        Assert.Equal(Fields, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(json.RootElement.GetProperty("obligations").GetInt32() > 400);
        Assert.Equal(json.RootElement.GetProperty("obligations").GetInt32(), json.RootElement.GetProperty("instances").GetInt32());
        Assert.True(json.RootElement.GetProperty("escalations").GetInt32() > 0);
        // The run's own measure of its time is there; how fast the whole plan runs is measured in bench/, not here.
        Assert.True(json.RootElement.GetProperty("wallSeconds").GetDouble() > 0);

        Assert.True(File.Exists(Path.Combine(temp.Path, "planworkflows.db")));
        var mails = Directory.GetFiles(Path.Combine(temp.Path, "mail"), "*.eml");
        // One file per message sent; a digest carries several queued rows.
        Assert.Equal(json.RootElement.GetProperty("mailsSent").GetInt32(), mails.Length);
        Assert.InRange(mails.Length, 1, json.RootElement.GetProperty("emailsQueued").GetInt32() - 1);
        // Redirected output gets plain progress lines on stderr, and nothing else goes there.
        Assert.NotEmpty(result.Error);
        Assert.All(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("simulate: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Same_seed_prints_the_same_summary()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        string[] args = ["simulate", "--plan", Plan, "--from", "2013-01-01", "--to", "2013-04-30", "--replies", "realistic", "--seed", "5"];
        var first = CliRunner.Run([.. args, "--out", a.Path]);
        var second = CliRunner.Run([.. args, "--out", b.Path]);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(WithoutWallTime(first.Output), WithoutWallTime(second.Output));
        var names = Directory.GetFiles(Path.Combine(a.Path, "mail")).Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names, Directory.GetFiles(Path.Combine(b.Path, "mail")).Select(Path.GetFileName).Order());
        // Byte for byte: reply tokens come from the seed and MIME boundaries from the Message-Id.
        Assert.All(names, n => Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, "mail", n!)), File.ReadAllBytes(Path.Combine(b.Path, "mail", n!))));
    }

    [Theory]
    [InlineData("--plan", "missing.yaml", "missing.yaml")]
    [InlineData("--from", "2013-02-30", "--from '2013-02-30' is not a date")]
    [InlineData("--to", "31.12.2013", "--to '31.12.2013' is not a date")]
    [InlineData("--replies", "sometimes", "--replies 'sometimes' is not one of realistic, on-time, none")]
    [InlineData("--to", "2012-01-05", "--to 2012-01-05 is before the simulation start 2012-09-13")]
    [InlineData("--workflows", "no-such-folder", "--workflows: no-such-folder")]
    [InlineData("--templates", "no-such-templates", "--templates: no-such-templates: folder not found")]
    public void Bad_input_fails_with_one_line_naming_the_file_or_option(string option, string value, string expected)
    {
        using var temp = new TempFolder();
        var args = new Dictionary<string, string> { ["--plan"] = Plan, ["--out"] = temp.Path };
        args[option] = value;
        var result = CliRunner.Run(["simulate", .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "planworkflows.db")));
    }

    [Fact]
    public void To_before_from_is_refused()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("simulate", "--plan", Plan, "--from", "2013-06-01", "--to", "2013-05-01", "--out", temp.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --to 2013-05-01 is before --from 2013-06-01", result.Error.Trim());
    }

    [Fact]
    public void Missing_out_is_refused_without_running()
    {
        var result = CliRunner.Run("simulate", "--plan", Plan);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("{", result.Output, StringComparison.Ordinal);
    }

    private static string WithoutWallTime(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("wallSeconds");
        return node.ToJsonString();
    }
}
