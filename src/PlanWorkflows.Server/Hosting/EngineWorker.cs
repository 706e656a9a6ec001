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
            TimeSpan delay;
            try
            {
                var result = await engine.RunDueAsync(stoppingToken).ConfigureAwait(false);
                if (result.Transitions > 0)
                {
                    LogBatch(logger, result.Transitions, result.StepsExecuted, result.Mails, time.GetUtcNow());
                }

                var next = await engine.NextDueAsync(stoppingToken).ConfigureAwait(false);
                var untilNext = next is { } due ? due - time.GetUtcNow().UtcDateTime : options.PollInterval;
                delay = untilNext < options.PollInterval ? untilNext : options.PollInterval;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(logger, ex);
                delay = options.PollInterval;
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Engine ran {Transitions} transitions, {Steps} steps, queued {Mails} mails (clock {Now:yyyy-MM-dd HH:mm})")]
    private static partial void LogBatch(ILogger logger, int transitions, int steps, int mails, DateTimeOffset now);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Engine round failed; retrying on the next round")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
