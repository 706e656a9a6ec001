namespace PlanWorkflows.Server.Tests.Cli;

public sealed class TemplateCommandTests
{
    [Fact]
    public void Templates_check_passes_on_the_shipped_templates_with_a_count()
    {
        var result = CliRunner.Run("templates", "check");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("15 templates in 2 languages", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void Templates_check_reports_a_syntax_error_and_a_missing_translation_by_file_line_and_column()
    {
        using var temp = new TempFolder();
        var source = CliRunner.Repo("email-templates");
        foreach (var file in Directory.EnumerateFiles(source, "*.sbn", SearchOption.AllDirectories))
        {
            var target = Path.Combine(temp.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(temp.Path, "en", "digest.text.sbn"), "Hello\n{{ if institution }}\nno end here\n");
        File.Delete(Path.Combine(temp.Path, "cnr", "pack-ready.html.sbn"));

        var result = CliRunner.Run("templates", "check", "--templates", temp.Path);
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith(Path.Combine(temp.Path, "en", "digest.text.sbn") + ":2:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Path.Combine(temp.Path, "cnr", "pack-ready.html.sbn") + ":1:1: template missing", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^.+\.sbn:\d+:\d+: .+$", l));
    }
}
