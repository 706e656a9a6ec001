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
/// At start: the workspace's start-up sequence (<see cref="PlanWorkspace.StartAsync"/>: migrate when configured, publish
/// the shipped definitions that changed, reconcile obligations, meetings and report periods), retried when hosts
/// started together collide. Idempotent; costs nothing per pending timer.
/// </summary>
internal sealed partial class StartupTasks(
    Func<PlanDbContext> createContext,
    PlanWorkspace workspace,
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
        var result = await workspace.StartAsync(createContext, engine, time.GetUtcNow().UtcDateTime,
            new StartupOptions(options.MigrateOnStart, options.CatchUp, CatchUpMeetings: options.CatchUp, options.CatchUpMarginDays), cancellationToken).ConfigureAwait(false);
        if (result.Published.Count > 0)
        {
            LogPublished(logger, string.Join(", ", result.Published));
        }

        LogSynced(logger, result.Obligations.Added, result.Obligations.Moved, result.Obligations.Removed, result.Obligations.NotStarted);
        if (result.Meetings > 0)
        {
            LogMeetings(logger, result.Meetings);
        }

        if (result.Reports > 0)
        {
            LogReports(logger, result.Reports);
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
