using Microsoft.Extensions.Time.Testing;
using PlanWorkflows.Core.Clock;

namespace PlanWorkflows.Core.Tests.Clock;

public sealed class DemoTimeProviderTests
{
    private static readonly DateTimeOffset PlanStart = new(2012, 9, 13, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Demo_time_runs_from_its_start_at_its_speed()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var demo = new DemoTimeProvider(PlanStart, speed: 86400.0 / 5, real);
        Assert.Equal(PlanStart, demo.GetUtcNow());
        real.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PlanStart.AddDays(1), demo.GetUtcNow());
        real.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(PlanStart.AddDays(13), demo.GetUtcNow());
    }

    [Fact]
    public async Task A_delay_in_demo_time_takes_the_scaled_real_time()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var demo = new DemoTimeProvider(PlanStart, speed: 86400.0 / 5, real);
        var delay = Task.Delay(TimeSpan.FromDays(2), demo);
        real.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void Speed_below_real_time_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DemoTimeProvider(PlanStart, 0.5));
}
