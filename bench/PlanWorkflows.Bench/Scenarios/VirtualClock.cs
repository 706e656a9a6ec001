namespace PlanWorkflows.Bench.Scenarios;

/// <summary>Virtual time for whole-plan runs: the bench moves the clock to the next due timer instead of sleeping.</summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTime UtcNow => _now.UtcDateTime;

    public void MoveTo(DateTime utc)
    {
        var target = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        if (target > _now)
        {
            _now = target;
        }
    }
}
