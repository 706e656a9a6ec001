using Microsoft.Extensions.Time.Testing;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

public sealed class LockoutClockTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    [Fact]
    public async Task On_the_demo_clock_a_lockout_lasts_its_duration_in_real_time_not_in_plan_time()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var demo = new DemoTimeProvider(new DateTimeOffset(2012, 9, 13, 7, 0, 0, TimeSpan.Zero), 17280, real);
        var users = new OfficeUsers(new OfficeOptions { LockoutThreshold = 3, LockoutDuration = TimeSpan.FromMinutes(15) }, demo);
        const string email = "demo-lockout@example.org";
        await using var db = app.Db();
        await users.AddAsync(db, email, "Demo Lockout", OfficeRoles.Viewer, OfficeApp.Password, "test-setup");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(SignInOutcome.Failed, (await users.CheckAsync(db, email, "wrong")).Outcome);
            // Each guess is a few real seconds apart: hours of plan time.
            real.Advance(TimeSpan.FromSeconds(5));
        }

        var locked = await users.CheckAsync(db, email, "wrong");
        Assert.Equal(SignInOutcome.LockedOut, locked.Outcome);
        Assert.Equal(real.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(15), locked.LockedUntil);

        // A real minute later plan time has moved twelve days on, and the account is still locked.
        var planBefore = demo.GetUtcNow();
        real.Advance(TimeSpan.FromMinutes(1));
        Assert.True(demo.GetUtcNow() - planBefore > TimeSpan.FromDays(11));
        Assert.Equal(SignInOutcome.LockedOut, (await users.CheckAsync(db, email, OfficeApp.Password)).Outcome);

        // Once the fifteen real minutes are over, the right password opens it.
        real.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInOutcome.Success, (await users.CheckAsync(db, email, OfficeApp.Password)).Outcome);
    }
}
