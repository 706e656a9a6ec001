namespace PlanWorkflows.Core.Clock;

/// <summary>
/// A clock that stands still until told to move: the simulation runs the real engine over years
/// of plan time in seconds, and nothing may wait for real time to pass.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private DateTimeOffset _now;

    public VirtualClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override DateTimeOffset GetUtcNow() => _now;

    public void SetUtcNow(DateTimeOffset value)
    {
        // Going back would let the engine see timers "due" that it already ran.
        if (value < _now)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"the virtual clock only moves forward (now {_now:O})");
        }

        _now = value.ToUniversalTime();
    }

    public void SetUtcNow(DateTime utc) => SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    // A real timer would fire on the wall clock, which means nothing in virtual time.
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("the virtual clock has no timers; the simulation moves it from event to event");
}
