using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed class LastReportTests
{
    [Fact]
    public async Task Reminder_says_what_the_institution_reported_last_round_in_its_language()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 6, 17, 8, 0, 0, TimeSpan.Zero));
        long current;
        await using (var db = fixture.Create())
        {
            var now = fixture.Now;
            Obligation Round(string label, DateOnly due) => new() { ActivityKey = "education/1.7.1", InstitutionId = "ministry-defence", PeriodLabel = label, DueDate = due, NominalDue = due, CreatedAt = now, UpdatedAt = now };
            var earlier = Round("2012-H2", new DateOnly(2012, 12, 31));
            var later = Round("2013-H1", new DateOnly(2013, 7, 1));
            db.Obligations.AddRange(earlier, later);
            await db.SaveChangesAsync();
            await WorkflowEngine.SubmitReportAsync(db, earlier.Id, ImplementationStatus.PartiallyImplemented, "One training held.", "form", "focal point", new DateTime(2013, 1, 10, 9, 0, 0, DateTimeKind.Utc));
            current = later.Id;
        }

        var row = new OutboxMessage
        {
            Id = 1, MessageId = "pw.1@test", Template = "first-reminder", Language = "cnr", InstitutionId = "ministry-defence", ObligationId = current,
            To = "ministry-defence.focal@example.org", NotBefore = fixture.Now, Status = OutboxStatus.Queued,
            ModelJson = new JsonObject { ["activityKey"] = "education/1.7.1", ["activityTitle"] = "Trainings before deployment", ["period"] = "2013-H1", ["dueDate"] = "2013-07-01", ["institutionNameCnr"] = "Ministarstvo odbrane" }.ToJsonString(),
        };
        var builder = new DigestBuilder(new MailOptions(), _ => "Number of conducted trainings", lastReport: new LastReports(fixture.Create).Find);
        var item = Assert.Single(Assert.Single(builder.Build([row])).Model.Items);
        Assert.Equal(new LastReport("Djelimično realizovano", new DateOnly(2013, 1, 10)), item.LastReport);

        var text = MailTemplates.Load(RepoPaths.Combine("email-templates")).Render("first-reminder", "cnr", Assert.Single(builder.Build([row])).Model).Text;
        Assert.Contains("Posljednji izvještaj: Djelimično realizovano (10. januar 2013.)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_round_of_digests_reads_every_items_last_report_in_one_query()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 6, 17, 8, 0, 0, TimeSpan.Zero));
        const string Defence = "ministry-defence", Police = "police-directorate";
        const string Trainings = "education/1.7.1", Manuals = "education/1.7.2", Campaign = "education/1.7.3";
        var current = new DateOnly(2013, 7, 1);
        await using (var db = fixture.Create())
        {
            var now = fixture.Now;
            var rounds = new Dictionary<(string, string, DateOnly), Obligation>();
            foreach (var (activity, institution, due) in new[]
            {
                (Trainings, Defence, new DateOnly(2012, 12, 31)), (Trainings, Defence, current), (Manuals, Defence, current),
                (Trainings, Police, new DateOnly(2012, 6, 30)), (Trainings, Police, new DateOnly(2012, 12, 31)), (Campaign, Police, new DateOnly(2012, 12, 31)),
            })
            {
                rounds[(activity, institution, due)] = new Obligation { ActivityKey = activity, InstitutionId = institution, PeriodLabel = $"{due:yyyy-MM}", DueDate = due, NominalDue = due, CreatedAt = now, UpdatedAt = now };
            }

            db.Obligations.AddRange(rounds.Values);
            await db.SaveChangesAsync();
            async Task Report(string activity, string institution, DateOnly due, ImplementationStatus status, DateTime at) =>
                await WorkflowEngine.SubmitReportAsync(db, rounds[(activity, institution, due)].Id, status, "Narrative.", "form", "focal point", at);

            // A later version of the earlier round wins over the first one.
            await Report(Trainings, Defence, new DateOnly(2012, 12, 31), ImplementationStatus.PartiallyImplemented, new DateTime(2013, 1, 10, 9, 0, 0, DateTimeKind.Utc));
            await Report(Trainings, Defence, new DateOnly(2012, 12, 31), ImplementationStatus.Implemented, new DateTime(2013, 2, 1, 9, 0, 0, DateTimeKind.Utc));
            // Reports on the round being reminded about are not "last round's" report.
            await Report(Trainings, Defence, current, ImplementationStatus.NotImplemented, new DateTime(2013, 6, 10, 9, 0, 0, DateTimeKind.Utc));
            await Report(Manuals, Defence, current, ImplementationStatus.Implemented, new DateTime(2013, 6, 11, 9, 0, 0, DateTimeKind.Utc));
            // The latest submitted counts, even when it is a late report on an older round.
            await Report(Trainings, Police, new DateOnly(2012, 12, 31), ImplementationStatus.NotImplemented, new DateTime(2013, 1, 5, 9, 0, 0, DateTimeKind.Utc));
            await Report(Trainings, Police, new DateOnly(2012, 6, 30), ImplementationStatus.ContinuouslyImplemented, new DateTime(2013, 3, 1, 9, 0, 0, DateTimeKind.Utc));
            await Report(Campaign, Police, new DateOnly(2012, 12, 31), ImplementationStatus.NotApplicable, new DateTime(2013, 1, 20, 9, 0, 0, DateTimeKind.Utc));
        }

        var id = 0;
        OutboxMessage Row(string activity, string institution) => new()
        {
            Id = ++id, MessageId = $"pw.{id}@test", Template = "first-reminder", Language = "en", InstitutionId = institution,
            To = $"{institution}.focal@example.org", NotBefore = fixture.Now, Status = OutboxStatus.Queued,
            ModelJson = new JsonObject { ["activityKey"] = activity, ["activityTitle"] = activity, ["period"] = "2013-H1", ["dueDate"] = "2013-07-01", ["institutionName"] = institution }.ToJsonString(),
        };
        OutboxMessage[] rows = [Row(Trainings, Defence), Row(Manuals, Defence), Row(Campaign, Defence), Row(Trainings, Police), Row(Campaign, Police)];

        var commands = new CommandCounter();
        var counted = new DbContextOptionsBuilder<PlanDbContext>(fixture.Options).AddInterceptors(commands).Options;
        var batched = new DigestBuilder(new MailOptions(), _ => "Indicator", lastReports: new LastReports(() => new PlanDbContext(counted)).FindAll);
        var digests = batched.Build(rows);
        Assert.Equal(1, commands.Count);

        LastReport Expected(ImplementationStatus status, int year, int month, int day) => new(StatusNames.For(status, "en"), new DateOnly(year, month, day));
        var found = digests.SelectMany(d => d.Model.Items.Select(i => ((d.InstitutionId, i.ActivityKey), i.LastReport))).ToDictionary(x => x.Item1, x => x.LastReport);
        Assert.Equal(new Dictionary<(string, string), LastReport?>
        {
            [(Defence, Trainings)] = Expected(ImplementationStatus.Implemented, 2013, 2, 1),
            [(Defence, Manuals)] = null,
            [(Defence, Campaign)] = null,
            [(Police, Trainings)] = Expected(ImplementationStatus.ContinuouslyImplemented, 2013, 3, 1),
            [(Police, Campaign)] = Expected(ImplementationStatus.NotApplicable, 2013, 1, 20),
        }, found);

        // The one-by-one lookup agrees item for item, at one query per item.
        commands.Count = 0;
        var oneByOne = new DigestBuilder(new MailOptions(), _ => "Indicator", lastReport: new LastReports(() => new PlanDbContext(counted)).Find).Build(rows);
        Assert.Equal(rows.Length, commands.Count);
        Assert.Equal(found, oneByOne.SelectMany(d => d.Model.Items.Select(i => ((d.InstitutionId, i.ActivityKey), i.LastReport))).ToDictionary(x => x.Item1, x => x.LastReport));
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; set; }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count++;
            return result;
        }
    }
}
