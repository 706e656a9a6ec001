using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Tests.Workflows.Runtime;

/// <summary>The engine writes the instances a batch moves itself; these pin what EF used to guarantee.</summary>
public sealed class EngineBatchWriteTests
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_instance_moved_twice_in_one_batch_is_written_once_with_both_moves()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 20, 0, 0, 0, TimeSpan.Zero), engine);
        int revision;
        await using (var db = fixture.Create())
        {
            var instance = db.Instances.Single();
            revision = instance.Revision;
            // Two wakes before the deadline, due in the same batch: the instance waits again after each.
            WorkflowEngine.Signal(db, instance.Id, ResumeEvent.Timer, fixture.Now);
            WorkflowEngine.Signal(db, instance.Id, ResumeEvent.Timer, fixture.Now);
            await db.SaveChangesAsync();
        }

        var result = await engine.RunBatchAsync();

        Assert.False(result.Conflict);
        Assert.Equal(2, result.Transitions);
        await using var check = fixture.Create();
        var after = await check.Instances.SingleAsync();
        Assert.Equal(InstanceStatus.Waiting, after.Status);
        Assert.Equal(revision + 2, after.Revision);
        Assert.Equal("reply", check.Bookmarks.Single().StepId);
        Assert.Equal(TimerKind.Wake, check.Timers.Single().Kind);
    }

    [Fact]
    public async Task A_batch_whose_instance_another_host_changed_commits_nothing_and_hands_its_timers_back()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        var racing = new DbContextOptionsBuilder<PlanDbContext>(fixture.Options).AddInterceptors(new RevisionBump()).Options;
        var engine = new WorkflowEngine(() => new PlanDbContext(racing), fixture.Time, fixture.EngineOptions, fixture.Calendar);

        var result = await engine.RunBatchAsync();

        Assert.True(result.Conflict);
        Assert.Equal(0, result.Transitions);
        await using var check = fixture.Create();
        Assert.DoesNotContain(check.Journal, j => j.Event == "step");
        Assert.Equal(0, check.Instances.Single().Revision);
        var timer = Assert.Single(check.Timers);
        Assert.Null(timer.LeaseToken);
    }

    /// <summary>Changes the instance's revision inside the batch, after it was read and before it is written: a lost race.</summary>
    private sealed class RevisionBump : DbCommandInterceptor
    {
        private bool _fired;

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (!_fired && command.CommandText.StartsWith("DELETE FROM \"WorkflowTimers\"", StringComparison.Ordinal))
            {
                _fired = true;
                await using var bump = command.Connection!.CreateCommand();
                bump.Transaction = command.Transaction;
                bump.CommandText = "UPDATE WorkflowInstances SET Revision = Revision + 1";
                await bump.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }
}
