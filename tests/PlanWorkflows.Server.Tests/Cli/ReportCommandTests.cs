using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Tests.Cli;

/// <summary><c>reports review</c> and <c>reports list</c>: the command line's face of the Office's review, with its refusals.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly CliDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private CliResult Run(params string[] args) => CliRunner.Run([.. args, "--database", _database.Path]);

    [Fact]
    public async Task Returning_without_a_comment_is_refused_and_leaves_the_report_waiting()
    {
        var obligation = await _database.ReportedAsync("1.1.1");
        var result = Run("reports", "review", Id(obligation), "--return");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: comment: a returned report needs a comment", result.Error, StringComparison.Ordinal);

        await using var db = _database.Open();
        Assert.Null((await db.Reports.SingleAsync()).Review);
        Assert.Empty(db.Audit);
    }

    [Fact]
    public async Task Accepting_twice_and_an_unknown_obligation_are_refused_with_what_is_wrong()
    {
        var obligation = await _database.ReportedAsync("1.1.1");
        var first = Run("reports", "review", Id(obligation), "--accept", "--by", "Ana");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal($"obligation {obligation}: report v1 accepted", first.Output.Trim());

        var twice = Run("reports", "review", Id(obligation), "--accept");
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains($"error: report v1 of obligation {obligation} was already accepted by Ana on ", twice.Error, StringComparison.Ordinal);
        var unknown = Run("reports", "review", "4242", "--accept");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("error: no obligation 4242", unknown.Error, StringComparison.Ordinal);

        await using var db = _database.Open();
        Assert.Equal(ObligationStatus.Accepted, (await db.Obligations.SingleAsync()).Status);
        Assert.Equal(1, await db.Audit.CountAsync());
    }

    [Fact]
    public async Task Reports_list_shows_the_waiting_reports_and_filters_by_state()
    {
        var waiting = await _database.ReportedAsync("1.1.1");
        var accepted = await _database.ReportedAsync("1.1.2");
        Assert.Equal(0, Run("reports", "review", Id(accepted), "--accept").ExitCode);

        var open = Run("reports", "list");
        Assert.True(open.ExitCode == 0, open.Error);
        var lines = open.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("obligation\tactivity\tinstitution\tperiod\tversion\treceived\tchannel\tstate", lines[0]);
        Assert.Equal([$"{waiting}\tarea/1.1.1\tpolice\t2013-H1\tv1\t2013-06-20 08:00\tform\tNew"], lines[1..]);

        var done = Run("reports", "list", "--state", "Accepted").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([$"{accepted}\tarea/1.1.2\tpolice\t2013-H1\tv1\t2013-06-20 08:00\tform\tAccepted"], done[1..]);
    }
}
