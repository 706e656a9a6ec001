using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
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
        // Hosts started together (a service manager starting N workers) run this at the same moment; the
        // loser of a race (for the same row, or to create a new SQLite file) fails, and its next attempt
        // finds the work done by the winner.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException or InvalidOperationException && attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Two hosts creating one new SQLite file at once can leave a connection that saw it half-made.
                LogRace(logger, ex, attempt);
                SqliteConnection.ClearAllPools();
                await Task.Delay(TimeSpan.FromSeconds(attempt), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }

        gate.Open();
    }

    private const int MaxAttempts = 5;

    private async Task RunOnceAsync(CancellationToken cancellationToken)
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
            var reportsAdded = await new MeetingSync(createContext, meetings.Reports.Definition, engine.OfficeInstitutionId, ObligationKind.GovernmentReport)
                .SyncAsync(meetings.Plan.Reports, time.GetUtcNow().UtcDateTime, options.CatchUp, cancellationToken).ConfigureAwait(false);
            if (reportsAdded > 0)
            {
                LogReports(logger, reportsAdded);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Published workflow definitions: {Definitions}")]
    private static partial void LogPublished(ILogger logger, string definitions);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Obligations: {Added} added, {Moved} due dates moved, {Removed} removed, {NotStarted} not started (overdue before first start)")]
    private static partial void LogSynced(ILogger logger, int added, int moved, int removed, int notStarted);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Start-up tasks collided with another host's (attempt {Attempt}); trying again")]
    private static partial void LogRace(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Meetings: {Added} added from configuration")]
    private static partial void LogMeetings(ILogger logger, int added);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Reports to the Government: {Added} periods added")]
    private static partial void LogReports(ILogger logger, int added);
}
