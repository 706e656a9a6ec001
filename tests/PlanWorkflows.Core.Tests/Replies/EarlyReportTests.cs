using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

public sealed class EarlyReportTests
{
    [Fact]
    public async Task A_report_sent_before_the_first_reminder_goes_to_the_Office_at_once_and_nobody_is_reminded()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero));
        await using (var db = fixture.Create())
        {
            await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
        }

        // Due 1 July 2013: the first reminder would go out in mid-June.
        await new ObligationSync(fixture.Create, fixture.Calendar, (_, _) => "deadline-report")
            .SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "II Quarter of 2013", ["ministry-health"])), EngineFixture.Institutions, fixture.Now);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 1, 9, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            await WorkflowEngine.SubmitReportAsync(db, (await db.Obligations.SingleAsync()).Id, ImplementationStatus.Implemented, "Done early.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 1, 10, 0, 0, TimeSpan.Zero), engine);
        await using var check = fixture.Create();
        // Waiting for the Office's review now, not for the final reminder's date at the end of June.
        Assert.Equal("review", (await check.Bookmarks.SingleAsync()).Kind);
        Assert.False(await check.Outbox.AnyAsync(m => m.Template == "first-reminder" || m.Template == "final-reminder"));
    }
}
