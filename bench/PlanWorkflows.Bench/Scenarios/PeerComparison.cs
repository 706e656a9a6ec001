using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// The same ladder on both engines, in one run: each instance sends a reminder, waits for a reply
/// or a timeout, and escalates when it timed out; half the instances get a reply.
/// WorkflowCore runs on real time with its in-memory persistence (not durable); ours on a SQLite
/// file in virtual time, every transition committed with its outbox and journal rows.
/// </summary>
internal static class PeerComparison
{
    private const string Ladder = """
        {
          "name": "peer-ladder",
          "title": "Send, wait for a reply or time out, escalate",
          "description": "",
          "properties": {},
          "sequence": [
            { "id": "send", "componentType": "task", "type": "SendReminder", "name": "Reminder", "properties": { "template": "first-reminder", "recipients": ["focalPoint"] } },
            { "id": "reply", "componentType": "switch", "type": "WaitForReply", "name": "Reply?", "properties": { "timeoutWorkingDays": 1 },
              "branches": {
                "replied": [ { "id": "accept", "componentType": "task", "type": "SetStatus", "name": "Accept", "properties": { "status": "Accepted" } } ],
                "timedOut": [ { "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate", "properties": { "level": 1, "recipients": ["head"], "template": "escalation-head", "copyOffice": true } } ]
              } }
          ]
        }
        """;

    private static readonly string[] Implementers = ["ministry-health", "ministry-education-sports", "ministry-labour-social-welfare"];

    public static async Task<int> RunAsync(string[] args)
    {
        var activities = EngineThroughput.IntArg(args, "--activities", 1000);
        var timeoutMs = EngineThroughput.IntArg(args, "--peer-timeout-ms", 2000);
        var pollMs = EngineThroughput.IntArg(args, "--peer-poll-ms", 100);
        var count = activities * Implementers.Length;

        // Warm-up of both, so neither pays JIT, EF model building or host start-up in the timed run.
        await RunOursAsync(10);
        await RunWorkflowCoreAsync(30, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(pollMs));
        var ours = await RunOursAsync(activities);
        var peer = await RunWorkflowCoreAsync(count, TimeSpan.FromMilliseconds(timeoutMs), TimeSpan.FromMilliseconds(pollMs));

        Console.WriteLine();
        Console.WriteLine($"side-by-side: {count:N0} instances, half of them replied to");
        Console.WriteLine("| engine | persistence | time | sent | replied | escalated |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| PlanWorkflows (virtual time) | SQLite file, durable: transition + outbox + journal per transaction | {ours.Total.TotalSeconds:F2} s (creating the instances by obligation sync {ours.Sync.TotalSeconds:F2} s, submitting the replies {ours.Replies.TotalSeconds:F2} s, engine calls {ours.Engine.TotalSeconds:F2} s) | {ours.Sent:N0} | {ours.Replied:N0} | {ours.Escalated:N0} |");
        Console.WriteLine($"| WorkflowCore 3.22.0 (real time, timeout {timeoutMs} ms, poll {pollMs} ms) | in memory, not durable | {peer.Total.TotalSeconds:F2} s (all sent after {peer.AllSent.TotalSeconds:F2} s) | {peer.Sent:N0} | {peer.Replied:N0} | {peer.Escalated:N0} |");
        Console.WriteLine();
        Console.WriteLine($"ratio WorkflowCore / ours (whole scenario): {peer.Total / ours.Total:F2}×");
        Console.WriteLine($"ratio WorkflowCore time above its timeout floor / ours: {(peer.Total - TimeSpan.FromMilliseconds(timeoutMs)) / ours.Total:F2}×");
        Console.WriteLine($"ratio WorkflowCore until all sent / ours: {peer.AllSent / ours.Total:F2}×");
        return 0;
    }

    private sealed record Outcome(TimeSpan Total, TimeSpan Engine, TimeSpan AllSent, int Sent, int Replied, int Escalated, TimeSpan Sync = default, TimeSpan Replies = default);

    /// <summary>Timed from creating the instances (obligation sync) to the last escalation, replies included.</summary>
    private static async Task<Outcome> RunOursAsync(int activities)
    {
        var clock = new VirtualClock(new DateTimeOffset(2013, 3, 20, 8, 0, 0, TimeSpan.Zero));
        using var database = new BenchDatabase("peer");
        await database.PublishAsync(Ladder, clock.UtcNow);
        var catalogue = BenchDatabase.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), activities, "I Quarter of 2013", Implementers);
        var engine = new WorkflowEngine(database.Create, clock, new EngineOptions(), BenchDatabase.Calendar);

        var total = Stopwatch.StartNew();
        var engineTime = new Stopwatch();
        var syncTime = Stopwatch.StartNew();
        await database.SyncAsync(catalogue, "peer-ladder", clock.UtcNow);
        syncTime.Stop();
        engineTime.Start();
        await engine.RunDueAsync();
        engineTime.Stop();

        // An hour later half the institutions reply.
        clock.MoveTo(clock.UtcNow.AddHours(1));
        var replyTime = Stopwatch.StartNew();
        await using (var db = database.Create())
        {
            var obligations = await db.Obligations.AsNoTracking().Where(o => o.Id % 2 == 0).Select(o => o.Id).ToListAsync();
            foreach (var id in obligations)
            {
                await WorkflowEngine.SubmitReportAsync(db, id, ImplementationStatus.Implemented, "Done.", "form", "focal point", clock.UtcNow);
            }

            await db.SaveChangesAsync();
        }

        replyTime.Stop();
        engineTime.Start();
        while (true)
        {
            await engine.RunDueAsync();
            var next = await engine.NextDueAsync();
            if (next is null)
            {
                break;
            }

            clock.MoveTo(next.Value);
        }

        engineTime.Stop();
        total.Stop();

        await using var check = database.Create();
        var sent = await check.Outbox.CountAsync(m => m.Template == "first-reminder");
        var escalated = await check.Outbox.CountAsync(m => m.Template == "escalation-head");
        var replied = await check.Obligations.CountAsync(o => o.Status == ObligationStatus.Accepted);
        return new Outcome(total.Elapsed, engineTime.Elapsed, TimeSpan.Zero, sent, replied, escalated, syncTime.Elapsed, replyTime.Elapsed);
    }

    private static async Task<Outcome> RunWorkflowCoreAsync(int count, TimeSpan timeout, TimeSpan poll)
    {
        PeerTimeOut.After = timeout;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflow(o =>
        {
            o.UsePollInterval(poll);
            o.UseIdleTime(TimeSpan.FromMilliseconds(10));
        });
        var counters = new PeerCounters(count, timeout);
        services.AddSingleton(counters);
        services.AddTransient<PeerSend>();
        services.AddTransient<PeerTimeOut>();
        services.AddTransient<PeerEscalate>();
        services.AddTransient<PeerAccept>();
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        counters.Host = host;
        host.RegisterWorkflow<PeerWorkflow, PeerData>();
        await host.StartAsync(CancellationToken.None);
        try
        {
            var total = Stopwatch.StartNew();
            counters.Clock = total;
            for (var n = 0; n < count; n++)
            {
                await host.StartWorkflow("peer-ladder", 1, new PeerData { Key = $"obligation-{n}", Replies = n % 2 == 0 });
            }

            // Wait for every instance to reach its outcome, bounded so a broken run still ends.
            var limit = timeout * 20 + TimeSpan.FromSeconds(60);
            while (counters.Decided < count && total.Elapsed < limit)
            {
                await Task.Delay(5);
            }

            total.Stop();
            return new Outcome(counters.DecidedAt, TimeSpan.Zero, counters.AllSentAt, counters.Sent, counters.Replied, counters.Escalated);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}

internal sealed class PeerCounters(int count, TimeSpan timeout)
{
    private int _sent;
    private int _replied;
    private int _escalated;

    public IWorkflowHost Host { get; set; } = null!;
    public Stopwatch Clock { get; set; } = new();
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>When a replying institution answers: well inside the timeout.</summary>
    public TimeSpan ReplyAfter => Timeout / 5;

    public int Sent => Volatile.Read(ref _sent);
    public int Replied => Volatile.Read(ref _replied);
    public int Escalated => Volatile.Read(ref _escalated);
    public int Decided => Replied + Escalated;
    public TimeSpan AllSentAt { get; private set; }
    public TimeSpan DecidedAt { get; private set; }

    public void OnSent()
    {
        if (Interlocked.Increment(ref _sent) == count)
        {
            AllSentAt = Clock.Elapsed;
        }
    }

    public void OnReplied() => Decide(ref _replied);

    public void OnEscalated() => Decide(ref _escalated);

    private void Decide(ref int counter)
    {
        Interlocked.Increment(ref counter);
        if (Decided == count)
        {
            DecidedAt = Clock.Elapsed;
        }
    }
}

public sealed class PeerData
{
    public string Key { get; set; } = string.Empty;
    public bool Replies { get; set; }
    public bool Replied { get; set; }
    public bool TimedOut { get; set; }
}

internal sealed class PeerWorkflow : IWorkflow<PeerData>
{
    public string Id => "peer-ladder";

    public int Version => 1;

    public void Build(IWorkflowBuilder<PeerData> builder) => builder
        .StartWith<PeerSend>()
        // The timeout runs beside the wait and cancels it; WorkflowCore has no wait-with-timeout step.
        .Schedule(d => PeerTimeOut.After).Do(then => then.StartWith<PeerTimeOut>())
        .WaitFor("reply", d => d.Key)
            .Output(d => d.Replied, _ => true)
            .CancelCondition(d => d.TimedOut, proceedAfterCancel: true)
        .If(d => d.Replied).Do(then => then.StartWith<PeerAccept>())
        .If(d => !d.Replied).Do(then => then.StartWith<PeerEscalate>());
}

internal sealed class PeerSend(PeerCounters counters) : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        var data = (PeerData)context.Workflow.Data;
        counters.OnSent();
        if (data.Replies)
        {
            // The institution answers later, from outside the workflow.
            _ = Task.Run(async () =>
            {
                await Task.Delay(counters.ReplyAfter);
                await counters.Host.PublishEvent("reply", data.Key, "report");
            });
        }

        return ExecutionResult.Next();
    }
}

internal sealed class PeerTimeOut(PeerCounters counters) : StepBody
{
    public static TimeSpan After { get; set; } = TimeSpan.FromSeconds(2);

    public override ExecutionResult Run(IStepExecutionContext context)
    {
        _ = counters;
        var data = (PeerData)context.Workflow.Data;
        if (!data.Replied)
        {
            data.TimedOut = true;
        }

        return ExecutionResult.Next();
    }
}

internal sealed class PeerAccept(PeerCounters counters) : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        counters.OnReplied();
        return ExecutionResult.Next();
    }
}

internal sealed class PeerEscalate(PeerCounters counters) : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        counters.OnEscalated();
        return ExecutionResult.Next();
    }
}
