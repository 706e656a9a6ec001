using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Status;

/// <summary>
/// One small plan run through the engine in virtual time, then read at several dates. Two areas;
/// 1.1.1 is due 2012-12-31 for the Ministry of Health (reports early, partially) and the Police
/// Directorate (reports late, on 15 January, implemented); 1.1.2 is due the same day for the
/// Ministry of Health, which never replies; 2.1.1 is due at the end of 2013.
/// </summary>
public sealed class StatusPlanFixture : IAsyncLifetime, IDisposable
{
    public const string Health = "ministry-health";
    public const string Police = "police-directorate";
    public const string Office = "moi-office";

    private readonly EngineFixture _fixture = new(new DateTimeOffset(2012, 11, 1, 8, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await _fixture.PublishAsync(EngineFixture.Ladder);
        await _fixture.SyncAsync(Catalogue());
        var engine = _fixture.Engine();
        await _fixture.RunUntilAsync(new DateTimeOffset(2012, 12, 20, 10, 0, 0, TimeSpan.Zero), engine);
        await SubmitAsync("test-area/1.1.1", Health, ImplementationStatus.PartiallyImplemented);
        await _fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 15, 10, 0, 0, TimeSpan.Zero), engine);
        await SubmitAsync("test-area/1.1.1", Police, ImplementationStatus.Implemented);
        await _fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 20, 10, 0, 0, TimeSpan.Zero), engine);

        // What the outbox sender would have done: every mail goes out five minutes after it was queued.
        await using var db = _fixture.Create();
        foreach (var mail in await db.Outbox.ToListAsync())
        {
            mail.Status = OutboxStatus.Sent;
            mail.SentAt = mail.CreatedAt.AddMinutes(5);
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _fixture.Dispose();

    public StatusReport Build(DateOnly asOf)
    {
        using var db = _fixture.Create();
        return PlanStatus.Build(db, _fixture.Calendar, asOf);
    }

    private async Task SubmitAsync(string activityKey, string institutionId, ImplementationStatus status)
    {
        await using var db = _fixture.Create();
        var obligation = await db.Obligations.SingleAsync(o => o.ActivityKey == activityKey && o.InstitutionId == institutionId);
        await WorkflowEngine.SubmitReportAsync(db, obligation.Id, status, "Narrative.", "form", "focal point", _fixture.Now);
        await db.SaveChangesAsync();
    }

    private static PlanCatalogue Catalogue()
    {
        var period = new PlanPeriod(new DateOnly(2012, 1, 1), new DateOnly(2013, 12, 31));
        CatalogueArea Area(string id, string title, params (string Code, string Timeframe, string[] Implementers)[] activities)
        {
            var area = new CatalogueArea { Id = id, Title = title };
            foreach (var (code, timeframe, implementers) in activities)
            {
                area.Activities.Add(new CatalogueActivity
                {
                    Key = $"{id}/{code}",
                    Code = code,
                    Area = id,
                    Title = $"Activity {code}",
                    Implementers = [.. implementers],
                    Timeframe = TimeframeParser.Parse(timeframe, period),
                });
            }

            return area;
        }

        return new PlanCatalogue
        {
            Plan = new PlanInfo { Title = "Test plan", PeriodStart = period.Start, PeriodEnd = period.End },
            Areas =
            [
                Area("test-area", "Test area", ("1.1.1", "IV Quarter of 2012", [Health, Police]), ("1.1.2", "IV Quarter of 2012", [Health])),
                Area("second-area", "Second area", ("2.1.1", "Do kraja 2013. godine", [Office])),
            ],
        };
    }
}

/// <summary>The status of one small plan, read at several dates (see <see cref="StatusPlanFixture"/>).</summary>
public sealed class PlanStatusTests(StatusPlanFixture plan) : IClassFixture<StatusPlanFixture>
{
    private const string Health = StatusPlanFixture.Health;
    private const string Police = StatusPlanFixture.Police;
    private const string Office = StatusPlanFixture.Office;

    [Fact]
    public void Counts_by_status_area_and_institution_after_everything_happened()
    {
        var report = Build(new DateOnly(2013, 1, 20));

        Assert.Equal(4, report.Totals.Obligations);
        Assert.Equal(3, report.Totals.Due);
        // The fixture's ladder accepts a report that arrives while it waits; the late one came after
        // the ladder had finished, so it stays Reported.
        Assert.Equal(1, report.Totals.Accepted);
        Assert.Equal(1, report.Totals.Reported);
        Assert.Equal(1, report.Totals.Escalated);
        Assert.Equal(1, report.Totals.Pending);
        Assert.Equal(0, report.Totals.Overdue + report.Totals.Reminded);
        Assert.Equal([new EscalationCount(1, 1)], report.Totals.EscalatedByLevel);

        var area = Assert.Single(report.Areas, a => a.AreaId == "test-area");
        Assert.Equal("Test area", area.Title);
        Assert.Equal((3, 1, 1, 1, 0), (area.Counts.Obligations, area.Counts.Accepted, area.Counts.Reported, area.Counts.Escalated, area.Counts.Pending));
        var second = Assert.Single(report.Areas, a => a.AreaId == "second-area");
        Assert.Equal((1, 0, 1), (second.Counts.Obligations, second.Counts.Due, second.Counts.Pending));

        var health = Assert.Single(report.Institutions, i => i.InstitutionId == Health);
        Assert.Equal((2, 1, 1), (health.Counts.Obligations, health.Counts.Accepted, health.Counts.Escalated));
        var police = Assert.Single(report.Institutions, i => i.InstitutionId == Police);
        Assert.Equal((1, 1, 0), (police.Counts.Obligations, police.Counts.Reported, police.Counts.Escalated));
        Assert.Equal(1, Assert.Single(report.Institutions, i => i.InstitutionId == Office).Counts.Pending);
    }

    [Fact]
    public void An_activity_is_implemented_only_when_every_implementer_says_so_and_each_implementer_stands_on_its_own_report()
    {
        var report = Build(new DateOnly(2013, 1, 20));

        // The Police Directorate reported it implemented on 15 January, the Ministry of Health partially on 20 December:
        // one implementer's word does not make the activity implemented.
        var both = Assert.Single(report.Activities, a => a.Key == "test-area/1.1.1");
        Assert.Equal(ImplementationStatus.PartiallyImplemented, both.Status);
        Assert.Equal("Partially implemented", both.Implementation);
        Assert.Equal(Police, both.LatestReportBy);
        Assert.Equal((2, 2), (both.Obligations, both.Reported));
        var health = Assert.Single(both.Institutions, i => i.InstitutionId == Health);
        Assert.Equal((ImplementationStatus.PartiallyImplemented, false, true), (health.Status, health.Late, health.Owes));
        var police = Assert.Single(both.Institutions, i => i.InstitutionId == Police);
        // Due on 31 December, received on 15 January: late.
        Assert.Equal((ImplementationStatus.Implemented, true), (police.Status, police.Late));
        Assert.Equal(new DateOnly(2013, 1, 15), DateOnly.FromDateTime(police.ReportedAt!.Value));
        Assert.NotEqual(Police, police.Name);

        foreach (var key in new[] { "test-area/1.1.2", "second-area/2.1.1" })
        {
            var none = Assert.Single(report.Activities, a => a.Key == key);
            Assert.Equal(PlanStatus.NoReportReceived, none.Implementation);
            Assert.Null(none.Status);
            Assert.Null(none.LatestReportAt);
        }

        // 1.1.2 was due: its one implementer owes the report; 2.1.1 is due at the end of 2013, so nothing is owed yet.
        Assert.Equal("No report received", Assert.Single(Assert.Single(report.Activities, a => a.Key == "test-area/1.1.2").Institutions).Label("en"));
        Assert.Equal("Nije dostavljen izvještaj", Assert.Single(Assert.Single(report.Activities, a => a.Key == "test-area/1.1.2").Institutions).Label("cnr"));
        Assert.Equal("Report not yet due", Assert.Single(Assert.Single(report.Activities, a => a.Key == "second-area/2.1.1").Institutions).Label("en"));

        // 10 January: the Police owe their report and have sent none; the Ministry's partial report is all there is.
        var earlier = Assert.Single(Build(new DateOnly(2013, 1, 10)).Activities, a => a.Key == "test-area/1.1.1");
        Assert.Equal(ImplementationStatus.PartiallyImplemented, earlier.Status);
        Assert.Equal(Health, earlier.LatestReportBy);
        var owing = Assert.Single(earlier.Institutions, i => i.InstitutionId == Police);
        Assert.Equal((null, true), (owing.Status, owing.Owes));
        Assert.Equal(1, earlier.Reported);
    }

    [Fact]
    public void Overdue_list_has_working_days_escalation_level_and_last_mail()
    {
        // 2012-12-31 (Monday) to 2013-01-07 (Monday): 1–2 January are New Year, 5–6 a weekend, 7 Orthodox
        // Christmas, so only Thursday 3 and Friday 4 are working days.
        var report = Build(new DateOnly(2013, 1, 7));

        Assert.Equal(2, report.Overdue.Count);
        var never = Assert.Single(report.Overdue, o => o.Activity.Key == "test-area/1.1.2");
        Assert.Equal(new ActivityRef("test-area/1.1.2", "1.1.2", "Activity 1.1.2"), never.Activity);
        Assert.Equal(Health, never.Institution.Id);
        Assert.NotEqual(Health, never.Institution.Name); // the name from the institution list, not the id
        Assert.Equal(new DateOnly(2012, 12, 31), never.DueDate);
        Assert.Equal(2, never.WorkingDaysOverdue);
        Assert.Equal(ObligationStatus.Escalated, never.Status);
        Assert.Equal(1, never.EscalationLevel);
        Assert.NotNull(never.LastMail);
        Assert.Equal("escalation-head", never.LastMail.Template);
        Assert.Equal(new DateOnly(2013, 1, 3), DateOnly.FromDateTime(never.LastMail.SentAt)); // the day after the due date that is a working day

        var late = Assert.Single(report.Overdue, o => o.Activity.Key == "test-area/1.1.1");
        Assert.Equal(Police, late.Institution.Id);
        Assert.Equal(1, late.EscalationLevel);

        // 10 January: the three substitute/holiday days 8–9 January do not count either (6 January,
        // a Sunday, moves to the next free weekday, the 9th), so Thursday the 10th is the third.
        Assert.Equal(3, Assert.Single(Build(new DateOnly(2013, 1, 10)).Overdue, o => o.Activity.Key == "test-area/1.1.2").WorkingDaysOverdue);
    }

    [Fact]
    public void An_earlier_date_gives_that_day_picture()
    {
        // Before the due date: nothing overdue, the Ministry had reported (and been accepted), the Police reminded.
        var december = Build(new DateOnly(2012, 12, 21));
        Assert.Empty(december.Overdue);
        Assert.Equal(0, december.Totals.Due);
        Assert.Equal(1, december.Totals.Accepted);
        Assert.Equal(2, december.Totals.Reminded);

        // New Year's Day: past the due date, so overdue, though the engine only says so on the next
        // working day; nothing has been escalated yet and the last mail was the reminder.
        var newYear = Build(new DateOnly(2013, 1, 1));
        Assert.Equal(2, newYear.Totals.Overdue);
        Assert.Equal(0, newYear.Totals.Escalated);
        var police = Assert.Single(newYear.Overdue, o => o.Institution.Id == Police);
        Assert.Equal(ObligationStatus.Overdue, police.Status);
        Assert.Equal(0, police.EscalationLevel);
        Assert.Equal(0, police.WorkingDaysOverdue);
        Assert.Equal("first-reminder", police.LastMail?.Template);

        // The day before the Police report it is escalated; the day it arrives it is no longer overdue.
        Assert.Contains(Build(new DateOnly(2013, 1, 14)).Overdue, o => o.Institution.Id == Police);
        var reportDay = Build(new DateOnly(2013, 1, 15));
        Assert.DoesNotContain(reportDay.Overdue, o => o.Institution.Id == Police);
        Assert.Equal(1, reportDay.Institutions.Single(i => i.InstitutionId == Police).Counts.Reported);
    }

    [Fact]
    public void Json_is_camel_case_with_enum_names_and_iso_dates()
    {
        var json = JsonDocument.Parse(PlanStatus.ToJson(Build(new DateOnly(2013, 1, 7)))).RootElement;
        Assert.Equal("2013-01-07", json.GetProperty("asOf").GetString());
        Assert.Equal(2, json.GetProperty("totals").GetProperty("escalated").GetInt32());
        var item = json.GetProperty("overdue")[0];
        Assert.Equal("Escalated", item.GetProperty("status").GetString());
        Assert.Equal("2012-12-31", item.GetProperty("dueDate").GetString());
        Assert.Equal(2, item.GetProperty("workingDaysOverdue").GetInt32());
        Assert.Equal(JsonValueKind.Object, item.GetProperty("activity").ValueKind);
        Assert.True(item.GetProperty("lastMail").TryGetProperty("sentAt", out _));
    }

    private StatusReport Build(DateOnly asOf) => plan.Build(asOf);
}
