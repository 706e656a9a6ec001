using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Packs;

/// <summary>
/// A small plan run through the engine, with the replies a secretary really gets: 1.1.1 reported by the
/// Ministry of Health (indicators, evidence, markup and control characters) and the Police Directorate
/// (late, a 100,000-character narrative); 1.1.2 never reported (overdue, escalated) with an extension
/// request; 1.1.3 has no implementer; 2.1.1 has a timeframe nobody could read.
/// </summary>
public sealed class PackPlanFixture : IAsyncLifetime, IDisposable
{
    public const string Health = "ministry-health";
    public const string Police = "police-directorate";
    public const string Office = "moi-office";
    public const string Markup = "<script>alert('x')</script> & <b>bold</b>";
    public static readonly string LongNarrative = string.Concat(Enumerable.Repeat("Training held. ", 100_000 / 15 + 1))[..100_000];

    private readonly EngineFixture _fixture = new(new DateTimeOffset(2012, 11, 1, 8, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await _fixture.PublishAsync(EngineFixture.Ladder);
        await _fixture.SyncAsync(Catalogue());
        var engine = _fixture.Engine();
        await _fixture.RunUntilAsync(new DateTimeOffset(2012, 12, 20, 10, 0, 0, TimeSpan.Zero), engine);
        await SubmitAsync("test-area/1.1.1", Health, ImplementationStatus.PartiallyImplemented,
            $"Bell\u0007 and NUL\0 gone; {Markup}", """{"Number of trainings held (at least 10)":"3","Number of officers trained":"12","Comment":"n/a"}""", "https://example.org/report.pdf\njavascript:alert(1)");
        await _fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 15, 10, 0, 0, TimeSpan.Zero), engine);
        await SubmitAsync("test-area/1.1.1", Police, ImplementationStatus.Implemented, LongNarrative, """{"number of trainings held, at least 10":"4","Number of officers trained":"about a dozen"}""", string.Empty);
        await _fixture.RunUntilAsync(new DateTimeOffset(2013, 1, 20, 10, 0, 0, TimeSpan.Zero), engine);

        await using var db = _fixture.Create();
        foreach (var mail in await db.Outbox.ToListAsync())
        {
            mail.Status = OutboxStatus.Sent;
            mail.SentAt = mail.CreatedAt.AddMinutes(5);
        }

        var late = await db.Obligations.SingleAsync(o => o.ActivityKey == "test-area/1.1.2");
        db.Extensions.Add(new ExtensionRequest
        {
            ObligationId = late.Id, CurrentDueDate = late.DueDate, RequestedDueDate = new DateOnly(2013, 3, 31), Reason = "Staff <away>",
            RequestedBy = "focal point", RequestedAt = new DateTime(2013, 1, 16, 9, 0, 0, DateTimeKind.Utc), Status = ExtensionStatus.Requested,
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _fixture.Dispose();

    public PackData Load(DateOnly meeting, DateOnly? previous = null, string language = "en")
    {
        using var db = _fixture.Create();
        return PackBuilder.Load(db, _fixture.Calendar, meeting, previous, language);
    }

    public PackData LoadReport(ReportPeriod period, string language = "en", DateTime? assembledAt = null)
    {
        using var db = _fixture.Create();
        return PackBuilder.LoadReport(db, _fixture.Calendar, period, language, assembledAt: assembledAt);
    }

    private async Task SubmitAsync(string activityKey, string institutionId, ImplementationStatus status, string narrative, string indicators, string evidence)
    {
        await using var db = _fixture.Create();
        var obligation = await db.Obligations.SingleAsync(o => o.ActivityKey == activityKey && o.InstitutionId == institutionId);
        var report = await WorkflowEngine.SubmitReportAsync(db, obligation.Id, status, narrative, "form", "focal point", _fixture.Now);
        await db.SaveChangesAsync();
        var stored = await db.Reports.SingleAsync(r => r.Id == report.Id);
        stored.IndicatorsJson = indicators;
        stored.EvidenceLinks = evidence;
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
                    Key = $"{id}/{code}", Code = code, Area = id, Title = $"Activity {code}", Implementers = [.. implementers],
                    Timeframe = TimeframeParser.Parse(timeframe, period),
                });
            }

            return area;
        }

        var catalogue = new PlanCatalogue
        {
            Plan = new PlanInfo { Title = "Test plan", PeriodStart = period.Start, PeriodEnd = period.End },
            Areas =
            [
                Area("test-area", "Test area", ("1.1.1", "IV Quarter of 2012", [Health, Police]), ("1.1.2", "IV Quarter of 2012", [Health]), ("1.1.3", "IV Quarter of 2012", [])),
                Area("second-area", "Second area", ("2.1.1", "when the law is adopted, somehow", [Office])),
            ],
        };
        var trainings = catalogue.FindActivity("test-area/1.1.1")!;
        trainings.Indicators = "Number of trainings held (at least 10), number of officers trained; Curriculum adopted";
        trainings.IndicatorList = [.. IndicatorRule.Split(trainings.Indicators)];
        return catalogue;
    }
}
