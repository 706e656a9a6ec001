using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>Steps that mail an institution named by its id, whatever the obligation: <c>institution:&lt;id&gt;[:&lt;role&gt;]</c>.</summary>
public sealed class NamedInstitutionRecipientTests
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);

    // Due 2013-04-01; the reminder goes 10 working days before (2013-03-18 09:00 CET), the escalation the working day after.
    private const string Ladder = """
        {
          "name": "test-ladder",
          "title": "Test ladder with named institutions",
          "description": "",
          "properties": {},
          "sequence": [
            { "id": "wait-first", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": -10 } },
            { "id": "first", "componentType": "task", "type": "SendReminder", "name": "First reminder",
              "properties": { "template": "first-reminder", "recipients": ["focalPoint", "institution:supreme-state-prosecutor"], "copy": ["institution:moi:head"] } },
            { "id": "reply", "componentType": "switch", "type": "WaitForReply", "name": "Reply?", "properties": { "timeoutWorkingDays": 1 },
              "branches": {
                "replied": [],
                "timedOut": [
                  { "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate",
                    "properties": { "level": 1, "recipients": ["institution:police-directorate:head"], "template": "escalation-head", "copyOffice": true, "copy": ["institution:supreme-state-prosecutor", "institution:moi:deputy"] } }
                ]
              } }
          ]
        }
        """;

    private static async Task<EngineFixture> ReadyAsync(params string[] implementers)
    {
        var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", implementers)));
        return fixture;
    }

    [Fact]
    public async Task Mails_go_to_and_copy_the_named_institutions_contacts_besides_the_obligations_own()
    {
        using var fixture = await ReadyAsync("ministry-health");
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 1, 0, 0, 0, TimeSpan.Zero), fixture.Engine());

        await using var db = fixture.Create();
        var mails = await db.Outbox.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(["first-reminder", "escalation-head"], mails.Select(m => m.Template));
        Assert.Equal("ministry-health.focal@example.org, supreme-state-prosecutor.focal@example.org", mails[0].To);
        Assert.Equal("moi.head@example.org", mails[0].Cc);
        // The obligation stays the ministry's: its mail, its template model.
        Assert.Equal("ministry-health", mails[0].InstitutionId);
        // The Police Directorate has no head in the catalogue: its focal point hears instead, as for an obligation's own institution.
        Assert.Equal("police-directorate.focal@example.org", mails[1].To);
        Assert.Equal("moi-office.focal@example.org, supreme-state-prosecutor.focal@example.org, moi.deputy@example.org", mails[1].Cc);
        Assert.Equal(ObligationStatus.Escalated, (await db.Obligations.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_named_institutions_contact_who_is_away_brings_in_its_deputy_as_the_obligations_own_would()
    {
        using var fixture = await ReadyAsync("ministry-health");
        await using (var db = fixture.Create())
        {
            // The Ministry of Interior's head answered an earlier mail with an out-of-office reply until the end of June.
            var head = await db.Contacts.SingleAsync(c => c.Email == "moi.head@example.org");
            head.OutOfOfficeUntil = new DateTime(2013, 6, 30, 0, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 1, 0, 0, 0, TimeSpan.Zero), fixture.Engine());

        await using var check = fixture.Create();
        var first = await check.Outbox.OrderBy(m => m.Id).FirstAsync();
        Assert.Equal("ministry-health.focal@example.org, supreme-state-prosecutor.focal@example.org", first.To);
        Assert.Equal("moi.head@example.org, moi.deputy@example.org", first.Cc);
    }

    [Fact]
    public async Task A_batch_loads_the_named_institutions_contacts_with_the_rest_in_one_query()
    {
        using var fixture = await ReadyAsync("ministry-health", "ministry-justice-human-rights", "ministry-education-sports", "ministry-labour-social-welfare");
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 7, 0, 0, TimeSpan.Zero), fixture.Engine());
        await using (var db = fixture.Create())
        {
            Assert.Empty(db.Outbox);
        }

        var commands = new ContactQueries();
        var counted = new DbContextOptionsBuilder<PlanDbContext>(fixture.Options).AddInterceptors(commands).Options;
        var engine = new WorkflowEngine(() => new PlanDbContext(counted), fixture.Time, fixture.EngineOptions, fixture.Calendar);
        fixture.Time.SetUtcNow(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero));
        var result = await engine.RunDueAsync();

        Assert.Equal(4, result.Mails);
        await using (var db = fixture.Create())
        {
            var mails = await db.Outbox.OrderBy(m => m.InstitutionId).ToListAsync();
            Assert.Equal(4, mails.Count);
            Assert.All(mails, m => Assert.EndsWith(", supreme-state-prosecutor.focal@example.org", m.To, StringComparison.Ordinal));
            Assert.All(mails, m => Assert.Equal("moi.head@example.org", m.Cc));
        }

        // Four instances, two named institutions besides the four obligations' own: still one read of each table.
        Assert.Equal((1, 1), (commands.Institutions, commands.Contacts));
    }

    private sealed class ContactQueries : DbCommandInterceptor
    {
        public int Contacts { get; private set; }

        public int Institutions { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Contacts += Reads(command, "Contacts") ? 1 : 0;
            Institutions += Reads(command, "Institutions") ? 1 : 0;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        // FROM "Contacts" (SQLite) or FROM [Contacts] (SQL Server): the tables the recipient book reads.
        private static bool Reads(DbCommand command, string table) =>
            command.CommandText.Contains($"FROM \"{table}\"", StringComparison.Ordinal) || command.CommandText.Contains($"FROM [{table}]", StringComparison.Ordinal);
    }
}
