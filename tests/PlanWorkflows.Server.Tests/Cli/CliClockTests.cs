using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Tests.Hosting;

namespace PlanWorkflows.Server.Tests.Cli;

/// <summary>
/// The verbs stamp what they change on the clock the service builds from the same configuration: a decision
/// made from the command line takes effect in the plan time of a service on the demo clock. The clock is set
/// through environment variables, which every verb run meanwhile would read: these tests run alone.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CliClockTests : IDisposable
{
    /// <summary>The shipped plan's adoption, where the demo clock starts.</summary>
    internal static readonly DateTime Adopted = new(2012, 9, 13, 7, 0, 0, DateTimeKind.Utc);

    private static readonly double Speed = new ClockOptions().DemoSpeed;
    private readonly CliDatabase _database = new();

    public void Dispose()
    {
        foreach (var name in new[] { "Clock__Mode", "Clock__DemoAnchor" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        _database.Dispose();
    }

    /// <summary>A service on the shipped demo clock, started ten real minutes ago with this anchor, is at 11 January 2013.</summary>
    private static DateTimeOffset ServiceStartedTenMinutesAgo()
    {
        var anchor = DateTimeOffset.UtcNow.AddMinutes(-10);
        Environment.SetEnvironmentVariable("Clock__Mode", "Demo");
        Environment.SetEnvironmentVariable("Clock__DemoAnchor", anchor.ToString("O", CultureInfo.InvariantCulture));
        return anchor;
    }

    /// <summary>The running service's plan time at a real instant.</summary>
    private static DateTime PlanTime(DateTimeOffset anchor, DateTime real) => Adopted + ((real - anchor.UtcDateTime) * Speed);

    [Theory]
    [InlineData("reports review")]
    [InlineData("instances retry")]
    [InlineData("tokens revoke")]
    public async Task On_the_demo_clock_with_the_services_anchor_a_verb_stamps_the_services_plan_time(string verb)
    {
        var anchor = ServiceStartedTenMinutesAgo();

        var (from, to, stamps, error) = await RunAsync(verb);

        Assert.Equal(string.Empty, error);
        Assert.NotEmpty(stamps);
        Assert.All(stamps, at => Assert.InRange(at, PlanTime(anchor, from), PlanTime(anchor, to)));
        Assert.All(stamps, at => Assert.Equal(2013, at.Year));
    }

    [Theory]
    [InlineData("reports review")]
    [InlineData("instances retry")]
    [InlineData("tokens revoke")]
    public async Task On_the_real_clock_a_verb_stamps_real_time(string verb)
    {
        Environment.SetEnvironmentVariable("Clock__Mode", "Real");

        var (from, to, stamps, error) = await RunAsync(verb);

        Assert.Equal(string.Empty, error);
        Assert.NotEmpty(stamps);
        Assert.All(stamps, at => Assert.InRange(at, from, to));
    }

    [Fact]
    public async Task A_retry_is_due_at_once_for_the_service_and_not_years_after_its_plan_time()
    {
        var anchor = ServiceStartedTenMinutesAgo();
        var (faulted, _) = await _database.InstancesAsync();

        Assert.Equal(0, Run("instances", "retry", Id(faulted)).ExitCode);

        // The service's engine wakes timers due by its own now: the retry's is already due.
        var serviceNow = new DemoTimeProvider(new DateTimeOffset(Adopted), Speed, realStart: anchor).GetUtcNow().UtcDateTime;
        await using var db = _database.Open();
        var timer = await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == faulted);
        Assert.True(timer.DueAt <= serviceNow, $"retry due {timer.DueAt:O}, service at {serviceNow:O}");
        Assert.True(serviceNow - timer.DueAt < TimeSpan.FromDays(30), $"retry due {timer.DueAt:O}, service at {serviceNow:O}");
    }

    [Fact]
    public async Task On_the_demo_clock_without_an_anchor_the_verb_says_its_plan_time_starts_at_the_adoption()
    {
        Environment.SetEnvironmentVariable("Clock__Mode", "Demo");
        var (id, _) = await _database.TokenAsync();

        var result = Run("tokens", "revoke", Id(id));

        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("warning: demo clock without Clock:DemoAnchor: plan time is 2012-09-13 ", warning, StringComparison.Ordinal);
        await using var db = _database.Open();
        Assert.Equal(new DateOnly(2012, 9, 13), DateOnly.FromDateTime((await db.ReplyTokens.SingleAsync()).RevokedAt!.Value));
    }

    [Fact]
    public async Task Status_without_a_date_reports_on_the_services_plan_day()
    {
        var anchor = ServiceStartedTenMinutesAgo();
        await (await _database.SeededAsync()).DisposeAsync();

        var from = DateTime.UtcNow;
        var result = Run("status", "--format", "json");
        var to = DateTime.UtcNow;

        Assert.True(result.ExitCode == 0, result.Error);
        var asOf = DateOnly.ParseExact(JsonDocument.Parse(result.Output).RootElement.GetProperty("asOf").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.InRange(asOf, DateOnly.FromDateTime(PlanTime(anchor, from)), DateOnly.FromDateTime(PlanTime(anchor, to)));
        Assert.Equal(2013, asOf.Year);
    }

    private CliResult Run(params string[] verb) => CliRunner.Run([.. verb, "--database", _database.Path]);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs the verb on fresh rows and returns every time it wrote, with the real instants around the run.</summary>
    private async Task<(DateTime From, DateTime To, DateTime[] Stamps, string Error)> RunAsync(string verb)
    {
        var (faulted, _) = await _database.InstancesAsync();
        var obligation = await _database.ReportedAsync("1.1.2");
        var (token, _) = await _database.TokenAsync();
        var args = verb switch
        {
            "reports review" => new[] { "reports", "review", Id(obligation), "--return", "--comment", "Add the numbers" },
            "instances retry" => ["instances", "retry", Id(faulted)],
            "tokens revoke" => ["tokens", "revoke", Id(token)],
            _ => throw new ArgumentOutOfRangeException(nameof(verb)),
        };

        var from = DateTime.UtcNow;
        var result = Run(args);
        var to = DateTime.UtcNow;
        Assert.True(result.ExitCode == 0, result.Error);

        await using var db = _database.Open();
        var audit = await db.Audit.AsNoTracking().SingleAsync();
        DateTime[] changed = verb switch
        {
            "reports review" =>
            [
                (await db.Journal.AsNoTracking().SingleAsync(j => j.ObligationId == obligation && j.Event == "returned")).At,
                (await db.Obligations.AsNoTracking().SingleAsync(o => o.Id == obligation)).UpdatedAt,
            ],
            "instances retry" =>
            [
                (await db.Journal.AsNoTracking().SingleAsync(j => j.InstanceId == faulted && j.Event == "retry")).At,
                (await db.Timers.AsNoTracking().SingleAsync(t => t.InstanceId == faulted)).DueAt,
                (await db.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == faulted)).ResolvedAt!.Value,
                (await db.Instances.AsNoTracking().SingleAsync(i => i.Id == faulted)).UpdatedAt,
            ],
            _ => [(await db.ReplyTokens.AsNoTracking().SingleAsync(t => t.Id == token)).RevokedAt!.Value],
        };
        return (from, to, [audit.At, .. changed], result.Error);
    }
}
