namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// How workers wait. A due time is in the service's clock (plan time, which may be a fast demo
/// clock); polling and reconnecting are about servers and networks, so they are paced in real time.
/// </summary>
internal static class Pacing
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    public static async Task WaitAsync(TimeSpan? untilDue, TimeProvider clock, TimeSpan realInterval, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task> { Task.Delay(realInterval, TimeProvider.System, race.Token) };
        if (untilDue is { } due)
        {
            // Task.Delay refuses more than about 49 days (in the clock's own units, before a demo clock
            // scales them): the next quarterly deadline is often further off. Waking early only re-checks.
            waits.Add(Task.Delay(due > LongestWait ? LongestWait : due > TimeSpan.Zero ? due : TimeSpan.Zero, clock, race.Token));
        }

        await Task.WhenAny(waits).ConfigureAwait(false);
        await race.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
