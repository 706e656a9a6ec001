using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// Runs the engine: everything due now, then sleeps (in the service's clock) until the next timer
/// or the poll interval. A failing batch is logged and retried on the next round; it never stops the host.
/// </summary>
internal sealed partial class EngineWorker(WorkflowEngine engine, StartupGate gate, TimeProvider time, ServiceOptions options, ILogger<EngineWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Engine ran {Transitions} transitions, {Steps} steps, queued {Mails} mails (clock {Now:yyyy-MM-dd HH:mm})")]
    private static partial void LogBatch(ILogger logger, int transitions, int steps, int mails, DateTimeOffset now);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Engine round failed; retrying on the next round")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
