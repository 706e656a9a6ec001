using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Simulation;

namespace PlanWorkflows.Core.Tests.Simulation;

public sealed class VirtualClockTests
{
    [Fact]
    public void Clock_stands_still_until_set_and_never_goes_back()
    {
        var start = new DateTimeOffset(2012, 9, 13, 6, 0, 0, TimeSpan.Zero);
        var clock = new VirtualClock(start);
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Equal(start, clock.GetUtcNow());

        clock.SetUtcNow(new DateTime(2013, 1, 2, 8, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTimeOffset(2013, 1, 2, 8, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(start));
        Assert.Throws<NotSupportedException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }
}
