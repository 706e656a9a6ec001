using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

public sealed class ScaleOutTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)] // EF Core's change tracker: the path every provider but SQLite takes
    public async Task Three_hosts_on_one_database_run_every_transition_exactly_once(bool directWrites)
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero));
        fixture.EngineOptions.DirectWrites = directWrites;
        await fixture.PublishAsync(EngineFixture.Ladder);
        // 100 activities × 2 institutions × 2 quarters = 400 instances; nobody replies.
        var activities = Enumerable.Range(1, 100)
            .Select(i => ($"1.1.{i}", i % 2 == 0 ? "I Quarter of 2013" : "II Quarter of 2013", new[] { "ministry-health", "ministry-culture" }))
            .ToArray();
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), activities));

        var hosts = new[] { fixture.Engine(host: "a"), fixture.Engine(host: "b"), fixture.Engine(host: "c") };
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 9, 1, 0, 0, 0, TimeSpan.Zero), hosts);

        await using var db = fixture.Create();
        Assert.Equal(200, await db.Instances.CountAsync());
        Assert.All(await db.Instances.ToListAsync(), i => Assert.Equal(InstanceStatus.Completed, i.Status));
        var mails = await db.Outbox.ToListAsync();
        // Each instance: one first reminder, one escalation — never more, never fewer.
        Assert.Equal(400, mails.Count);
        Assert.All(mails.GroupBy(m => m.InstanceId), g => Assert.Equal(["first-reminder", "escalation-head"], g.OrderBy(m => m.Id).Select(m => m.Template)));
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(200, await db.Journal.CountAsync(j => j.Event == "completed"));
        Assert.Empty(await db.Timers.ToListAsync());
    }
}
