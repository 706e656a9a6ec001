using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// A lease guards work in progress (a batch of transitions, a round of mails), which takes real
/// time. Leases are stored in the service's clock, so under the demo clock a five-minute lease
/// would lapse within milliseconds and another worker would take over work still running. The
/// configured durations are real time; under the demo clock they are stretched by its speed.
/// </summary>
internal static class Leases
{
    public static void MeasureInRealTime(TimeProvider clock, EngineOptions engine, OutboxOptions outbox)
    {
        if (clock is not DemoTimeProvider demo)
        {
            return;
        }

        engine.LeaseDuration = Stretch(engine.LeaseDuration, demo.Speed);
        outbox.ClaimDuration = Stretch(outbox.ClaimDuration, demo.Speed);
    }

    private static TimeSpan Stretch(TimeSpan real, double speed) => TimeSpan.FromTicks((long)Math.Min(real.Ticks * speed, TimeSpan.FromDays(3650).Ticks));
}
