using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// Drains the outbox: sends what is due, then sleeps (in the service's clock) until the next
/// attempt, the send window or the poll interval. One failing round never stops the host.
/// </summary>
internal sealed partial class OutboxWorker(OutboxSender sender, StartupGate gate, TimeProvider time, ServiceOptions options, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? untilNext = null;
            var more = false;
            try
            {
                var round = await sender.SendDueAsync(stoppingToken).ConfigureAwait(false);
                if (round.Sent + round.DeadLettered > 0)
                {
                    LogRound(logger, round.Sent, round.DeadLettered);
                }

                if (round.Problem is { } problem)
                {
                    LogProblem(logger, problem, round.Deferred);
                }

                // More may wait behind a full batch; else sleep until the next attempt or send window.
                more = round.Sent > 0 && round.Problem is null;
                untilNext = round.NextAttempt is { } next ? next - time.GetUtcNow().UtcDateTime : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(logger, ex);
            }

            if (!more)
            {
                await Pacing.WaitAsync(untilNext, time, options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Outbox sent {Sent} mails, dead-lettered {Dead}")]
    private static partial void LogRound(ILogger logger, int sent, int dead);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Outbox: {Problem}; {Deferred} mails wait for the next attempt")]
    private static partial void LogProblem(ILogger logger, string problem, int deferred);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Outbox round failed; retrying on the next round")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
