using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Tests.Cli;

/// <summary>A migrated database file holding what the state-changing verbs act on: a faulted instance, a report to review, a token.</summary>
internal sealed class CliDatabase : IDisposable
{
    public static readonly DateTime Seeded = new(2013, 6, 20, 8, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();

    public CliDatabase() => Options = new DatabaseOptions { ConnectionString = $"Data Source={Path};Pooling=False" };

    public DatabaseOptions Options { get; }

    public string Path => _temp.File("plan.db");

    public PlanDbContext Open() => PlanDatabase.Create(Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    /// <summary>The database with its two institutions.</summary>
    public async Task<PlanDbContext> SeededAsync()
    {
        var db = Open();
        await db.Database.MigrateAsync();
        if (!await db.Institutions.AnyAsync())
        {
            db.Institutions.AddRange(
                new InstitutionRecord { Id = "police", NameEn = "Police Directorate", NameCnr = "Uprava policije", Contacts = [new ContactRecord { Role = "focalPoint", Name = "Ana", Email = "ana@policija.me", Language = "cnr" }] },
                new InstitutionRecord { Id = "moi-office", NameEn = "Office", NameCnr = "Kancelarija", Contacts = [new ContactRecord { Role = "focalPoint", Name = "Office", Email = "office@gov.me", Language = "en" }] });
            await db.SaveChangesAsync();
        }

        return db;
    }

    public static async Task<Obligation> ObligationAsync(PlanDbContext db, string code, ObligationStatus status = ObligationStatus.Reminded)
    {
        var obligation = new Obligation
        {
            ActivityKey = $"area/{code}", InstitutionId = "police", PeriodLabel = "2013-H1", PeriodStart = new DateOnly(2013, 1, 1), PeriodEnd = new DateOnly(2013, 6, 30),
            NominalDue = new DateOnly(2013, 7, 1), DueDate = new DateOnly(2013, 7, 1), Status = status, CreatedAt = Seeded, UpdatedAt = Seeded,
        };
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync();
        return obligation;
    }

    /// <summary>A faulted instance with its open incident, and a waiting one with a queued mail.</summary>
    public async Task<(long Faulted, long Waiting)> InstancesAsync()
    {
        await using var db = await SeededAsync();
        var obligation = await ObligationAsync(db, "1.1.1");
        var faulted = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = obligation.Id, Status = InstanceStatus.Faulted, StateJson = "{\"stack\":[{\"index\":1}],\"waitSequence\":1}", CreatedAt = Seeded, UpdatedAt = Seeded };
        var waiting = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = obligation.Id, Status = InstanceStatus.Waiting, CreatedAt = Seeded, UpdatedAt = Seeded };
        db.Instances.AddRange(faulted, waiting);
        await db.SaveChangesAsync();
        db.Incidents.Add(new Incident { InstanceId = faulted.Id, StepId = "first-reminder", At = Seeded, Attempt = 5, Message = "mail relay unreachable" });
        db.Outbox.Add(new OutboxMessage { MessageId = $"m{waiting.Id}@test", InstanceId = waiting.Id, Template = "first-reminder", To = "ana@policija.me", CreatedAt = Seeded, NotBefore = Seeded });
        await db.SaveChangesAsync();
        return (faulted.Id, waiting.Id);
    }

    /// <summary>An obligation whose first report waits for the Office's decision.</summary>
    public async Task<long> ReportedAsync(string code)
    {
        await using var db = await SeededAsync();
        var obligation = (await ObligationAsync(db, code, ObligationStatus.Reported)).Id;
        db.Reports.Add(new Report { ObligationId = obligation, Version = 1, Status = ImplementationStatus.Implemented, Narrative = "Done", SubmittedBy = "Ana", SubmittedAt = Seeded });
        await db.SaveChangesAsync();
        return obligation;
    }

    public async Task<(long Id, string Token)> TokenAsync()
    {
        await using var db = await SeededAsync();
        var token = ReplyTokens.NewToken();
        var row = ReplyTokens.Issue(db, token, "police", "2013-H1", "cnr", Seeded, Seeded.AddDays(30), null);
        await db.SaveChangesAsync();
        return (row.Id, token);
    }
}
