using System.Text.Json.Nodes;
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
}
