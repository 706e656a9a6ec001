using System.Text.Json.Nodes;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class InboxCommandTests
{
    private static string Corpus(string name) => CliRunner.Repo("tests", "PlanWorkflows.Core.Tests", "Inbound", "Corpus", name);

    [Fact]
    public void Inbox_parse_prints_the_report_as_json()
    {
        var result = CliRunner.Run("inbox", "parse", Corpus("02-outlook-cnr-windows1250.eml"), "--reply-domain", "antitrafficking.gov.me");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var json = JsonNode.Parse(result.Output)!;
        Assert.Equal("report", json["kind"]!.GetValue<string>());
        Assert.Equal("q7Xk2pLm", json["token"]!.GetValue<string>());
        Assert.Equal("PartiallyImplemented", json["items"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("1200", json["items"]![0]!["indicators"]!["Broj odštampanih i podijeljenih brošura"]!.GetValue<string>());
    }

    [Fact]
    public void Inbox_parse_ignores_a_token_at_another_reply_domain_and_says_where_the_token_came_from()
    {
        var result = CliRunner.Run("inbox", "parse", Corpus("07-iphone-en.eml"), "--reply-domain", "planworkflows.local");
        Assert.Equal(0, result.ExitCode);
        var warnings = JsonNode.Parse(result.Output)!["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        Assert.Contains(warnings, w => w.Contains("other than planworkflows.local", StringComparison.Ordinal));
        Assert.Contains("token taken from the reply form, not from the address", warnings);
    }

    [Fact]
    public void Inbox_parse_of_a_missing_file_fails_with_one_line_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.File("nope.eml");
        var result = CliRunner.Run("inbox", "parse", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {path}: no such file", result.Error.TrimEnd());
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void Inbox_parse_of_something_that_is_not_a_mail_fails_with_one_line_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.File("picture.eml");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]);
        var result = CliRunner.Run("inbox", "parse", path);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {path}: not a mail message", line, StringComparison.Ordinal);
    }
}
