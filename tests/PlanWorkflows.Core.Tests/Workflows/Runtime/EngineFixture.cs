using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests.Institutions;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>
/// A real database with the real migrations, a fake clock, and the plan's calendar. The database is
/// a SQLite file here; the SQL Server suite compiles the same fixture and tests with its own <see cref="TestDatabase"/>.
/// </summary>
internal sealed class EngineFixture : IDisposable
{
    public const string Ladder = """
        {
          "name": "test-ladder",
          "title": "Test ladder",
          "description": "",
          "properties": {},
          "sequence": [
            { "id": "wait-first", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": -10 } },
            { "id": "first", "componentType": "task", "type": "SendReminder", "name": "First reminder", "properties": { "template": "first-reminder" } },
            { "id": "reply", "componentType": "switch", "type": "WaitForReply", "name": "Reply?", "properties": { "timeoutWorkingDays": 1 },
              "branches": {
                "replied": [ { "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } } ],
                "timedOut": [
                  { "id": "overdue", "componentType": "task", "type": "SetStatus", "name": "Overdue", "properties": { "status": "Overdue" } },
                  { "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate", "properties": { "level": 1, "recipients": ["head"], "template": "escalation-head", "copyOffice": true } }
                ]
              } }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("engine-").FullName;

    public EngineFixture(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        Options = TestDatabase.Create(_folder);
        using var db = Create();
        db.Database.Migrate();
    }

    public FakeTimeProvider Time { get; }
    public DbContextOptions<PlanDbContext> Options { get; }
    public WorkingDayCalendar Calendar { get; } = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));
    public static InstitutionDirectory Institutions => RealCatalogue.Directory;
    public EngineOptions EngineOptions { get; } = new() { RetryDelay = TimeSpan.FromMinutes(10), MaxAttempts = 3 };

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public PlanDbContext Create() => new(Options);

    public WorkflowEngine Engine(IEnumerable<StepType>? steps = null, string? host = null) => new(Create, Time, EngineOptions, Calendar, steps, host);

    public async Task PublishAsync(string json)
    {
        await using var db = Create();
        await DefinitionStore.PublishShippedAsync(db, [DefinitionJson.Parse(json, "test.json")], Now);
    }

    public Task<SyncResult> SyncAsync(PlanCatalogue catalogue, SyncOptions? options = null) =>
        new ObligationSync(Create, Calendar, (_, _) => "test-ladder").SyncAsync(catalogue, Institutions, Now, options);

    /// <summary>Advances the fake clock timer by timer, running everything due, up to <paramref name="until"/>.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, params WorkflowEngine[] engines)
    {
        while (true)
        {
            await Task.WhenAll(engines.Select(e => Task.Run(() => e.RunDueAsync())));
            var next = await engines[0].NextDueAsync();
            if (next is null || next.Value > until.UtcDateTime)
            {
                if (Time.GetUtcNow() < until)
                {
                    Time.SetUtcNow(until);
                }

                await Task.WhenAll(engines.Select(e => Task.Run(() => e.RunDueAsync())));
                return;
            }

            if (next.Value > Now)
            {
                Time.SetUtcNow(new DateTimeOffset(next.Value, TimeSpan.Zero));
            }
        }
    }

    public static PlanCatalogue Catalogue(DateOnly start, DateOnly end, params (string Code, string Timeframe, string[] Implementers)[] activities)
    {
        var period = new PlanPeriod(start, end);
        var area = new CatalogueArea { Id = "test-area", Title = "Test area" };
        foreach (var (code, timeframe, implementers) in activities)
        {
            area.Activities.Add(new CatalogueActivity
            {
                Key = $"test-area/{code}",
                Code = code,
                Area = area.Id,
                Title = $"Activity {code}",
                Implementers = [.. implementers],
                Timeframe = TimeframeParser.Parse(timeframe, period),
            });
        }

        return new PlanCatalogue { Plan = new PlanInfo { Title = "Test plan", PeriodStart = start, PeriodEnd = end }, Areas = [area] };
    }

    public void Dispose()
    {
        TestDatabase.Drop(Options);
        // xunit may dispose a class fixture twice (DisposeAsync, then Dispose).
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
