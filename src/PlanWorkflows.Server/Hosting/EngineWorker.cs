using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// Runs the engine: everything due now, then sleeps (in the service's clock) until the next timer
/// or the poll interval. A failing batch is logged and retried on the next round; it never stops the host.
/// Each round also looks whether an activity that others follow was accepted as implemented since the last
/// (by a workflow's review or directly by the Office); if so, the activities that follow it are re-planned.
/// </summary>
internal sealed partial class EngineWorker(
    WorkflowEngine engine,
    StartupGate gate,
    TimeProvider time,
    ServiceOptions options,
    Func<PlanDbContext> createContext,
    PlanCatalogue catalogue,
    WorkingDayCalendar calendar,
    DefinitionBindings bindings,
    ILogger<EngineWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        var follower = new PrerequisiteFollower(createContext, new ObligationSync(createContext, calendar, bindings.For), catalogue,
            new SyncOptions { CatchUp = options.CatchUp, CatchUpMarginDays = options.CatchUpMarginDays });
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? untilNext = null;
            try
            {
                var result = await engine.RunDueAsync(stoppingToken).ConfigureAwait(false);
                if (result.Transitions > 0)
                {
                    LogBatch(logger, result.Transitions, result.StepsExecuted, result.Mails, time.GetUtcNow());
                }

                await FollowAsync(follower, stoppingToken).ConfigureAwait(false);

                // Until the next timer (in the service's clock), or the poll interval (other hosts may add timers).
                var next = await engine.NextDueAsync(stoppingToken).ConfigureAwait(false);
                untilNext = next is { } due ? due - time.GetUtcNow().UtcDateTime : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(logger, ex);
            }

            if (untilNext is null || untilNext > TimeSpan.Zero)
            {
                await Pacing.WaitAsync(untilNext, time, options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Re-plans the after-activity obligations when a prerequisite was accepted as implemented since the last round (on
    /// the first round too: something may have been accepted since the start-up sync), whether a workflow's review or the
    /// Office directly accepted it.
    /// </summary>
    private async Task FollowAsync(PrerequisiteFollower follower, CancellationToken cancellationToken)
    {
        try
        {
            if (await follower.FollowAsync(time.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false) is { } replanned
                && replanned.Added + replanned.Moved + replanned.Removed > 0)
            {
                LogFollowed(logger, replanned.Added, replanned.Moved, replanned.Removed);
            }
        }
        catch (DbUpdateException ex)
        {
            // Another worker re-planned the same obligations at the same moment; the next round finds its work done.
            LogFollowCollided(logger, ex);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Engine ran {Transitions} transitions, {Steps} steps, queued {Mails} mails (clock {Now:yyyy-MM-dd HH:mm})")]
    private static partial void LogBatch(ILogger logger, int transitions, int steps, int mails, DateTimeOffset now);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Engine round failed; retrying on the next round")]
    private static partial void LogFailure(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Re-planning after-activity obligations collided with another host's; trying again next round")]
    private static partial void LogFollowCollided(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "After-activity obligations re-planned on their prerequisites' completion: {Added} added, {Moved} due dates moved, {Removed} removed")]
    private static partial void LogFollowed(ILogger logger, int added, int moved, int removed);
}
