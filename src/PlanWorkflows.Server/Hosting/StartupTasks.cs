using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// At start: migrate (when configured), publish the shipped definitions that changed, and
/// reconcile obligations with the catalogue. Idempotent; costs nothing per pending timer.
/// </summary>
internal sealed partial class StartupTasks(
    Func<PlanDbContext> createContext,
    PlanCatalogue catalogue,
    InstitutionDirectory institutions,
    WorkingDayCalendar calendar,
    DefinitionCatalog definitions,
    DefinitionBindings bindings,
    MeetingDates meetings,
    EngineOptions engine,
    ServiceOptions options,
    TimeProvider time,
    StartupGate gate,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = createContext())
        {
            if (options.MigrateOnStart)
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            var published = await DefinitionStore.PublishShippedAsync(db, definitions.ByName.Values, time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
            if (published.Count > 0)
            {
                LogPublished(logger, string.Join(", ", published));
            }
        }

        var sync = new ObligationSync(createContext, calendar, bindings.For);
        var result = await sync.SyncAsync(catalogue, institutions, time.GetUtcNow().UtcDateTime,
            new SyncOptions { CatchUp = options.CatchUp, CatchUpMarginDays = options.CatchUpMarginDays }, cancellationToken).ConfigureAwait(false);
        LogSynced(logger, result.Added, result.Moved, result.Removed, result.NotStarted);
        var meetingsAdded = await new MeetingSync(createContext, bindings.Meetings, engine.WorkingGroupInstitutionId)
            .SyncAsync(meetings.Dates, time.GetUtcNow().UtcDateTime, options.CatchUp, cancellationToken).ConfigureAwait(false);
        if (meetingsAdded > 0)
        {
            LogMeetings(logger, meetingsAdded);
        }

        if (meetings.Reports.Enabled && meetings.Plan.Reports.Count > 0)
        {
            var reportsAdded = await new MeetingSync(createContext, meetings.Reports.Definition, engine.OfficeInstitutionId, GovernmentReport.ActivityKey)
                .SyncAsync(meetings.Plan.Reports, time.GetUtcNow().UtcDateTime, options.CatchUp, cancellationToken).ConfigureAwait(false);
            if (reportsAdded > 0)
            {
                LogReports(logger, reportsAdded);
            }
        }

        gate.Open();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Published workflow definitions: {Definitions}")]
    private static partial void LogPublished(ILogger logger, string definitions);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Obligations: {Added} added, {Moved} due dates moved, {Removed} removed, {NotStarted} not started (overdue before first start)")]
    private static partial void LogSynced(ILogger logger, int added, int moved, int removed, int notStarted);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Meetings: {Added} added from configuration")]
    private static partial void LogMeetings(ILogger logger, int added);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Reports to the Government: {Added} periods added")]
    private static partial void LogReports(ILogger logger, int added);
}
