namespace PlanWorkflows.Core.Clock;

/// <summary>
/// Plan time running faster than real time from a chosen start, so the bundled (long past) plan
/// can be watched: reminders, replies and escalations happen within minutes. Timers created
/// through it are scaled to real time.
/// </summary>
public sealed class DemoTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _realStart;

    /// <param name="realStart">The real instant at which plan time is <paramref name="demoStart"/>; by default now.</param>
    public DemoTimeProvider(DateTimeOffset demoStart, double speed, TimeProvider? real = null, DateTimeOffset? realStart = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        _real = real ?? System;
        _realStart = realStart ?? _real.GetUtcNow();
        DemoStart = demoStart;
        Speed = speed;
    }

    public DateTimeOffset DemoStart { get; }

    /// <summary>The real clock under plan time: for what protects people rather than the plan (a sign-in lockout).</summary>
    public TimeProvider Real => _real;

    /// <summary>Plan seconds per real second.</summary>
    public double Speed { get; }

    public override DateTimeOffset GetUtcNow() =>
        DemoStart + TimeSpan.FromTicks((long)((_real.GetUtcNow() - _realStart).Ticks * Speed));

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_real.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / Speed)));

    private sealed class ScaledTimer(ITimer inner, DemoTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Scale(dueTime), owner.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

public enum ClockMode { Real, Demo }

public sealed class ClockOptions
{
    public const string SectionName = "Clock";

    public ClockMode Mode { get; set; } = ClockMode.Real;

    /// <summary>Where demo time starts; default: the plan's adoption date (else its first day), 08:00 local.</summary>
    public DateTimeOffset? DemoStart { get; set; }

    /// <summary>How many seconds of plan time pass per real second; default one plan day every five seconds.</summary>
    public double DemoSpeed { get; set; } = 86400.0 / 5;

    /// <summary>
    /// The real time at which the demo clock shows <see cref="DemoStart"/>; by default when the process
    /// starts. Several processes (workers, a restarted one) given the same anchor share one plan time.
    /// </summary>
    public DateTimeOffset? DemoAnchor { get; set; }
}
