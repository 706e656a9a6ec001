using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>instances list | show | retry | cancel</c>: what the Office sees and steers.</summary>
internal static class InstanceCommands
{
    public static Command Build()
    {
        var instances = new Command("instances", "Workflow instances: list, inspect, retry, cancel.");
        instances.Options.Add(CliConfiguration.DatabaseFile);
        instances.Subcommands.Add(List());
        instances.Subcommands.Add(Show());
        instances.Subcommands.Add(Retry());
        instances.Subcommands.Add(Cancel());
        return instances;
    }

    private static Command List()
    {
        var status = new Option<InstanceStatus?>("--status") { Description = "Only instances in this status." };
        var limit = new Option<int>("--limit") { Description = "At most this many rows.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List instances with their obligation and status.") { status, limit };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var query = db.Instances.AsNoTracking();
            if (result.GetValue(status) is { } wanted)
            {
                query = query.Where(i => i.Status == wanted);
            }

            var rows = query.OrderBy(i => i.Id).Take(result.GetValue(limit))
                .GroupJoin(db.Obligations, i => i.ObligationId, o => o.Id, (i, o) => new { i, o })
                .SelectMany(x => x.o.DefaultIfEmpty(), (x, o) => new { x.i.Id, x.i.DefinitionName, x.i.DefinitionVersion, x.i.Status, Activity = o == null ? null : o.ActivityKey, Institution = o == null ? null : o.InstitutionId, Period = o == null ? null : o.PeriodLabel, Due = o == null ? (DateOnly?)null : o.DueDate })
                .ToList();
            var writer = CliIo.Out(result);
            writer.WriteLine("id\tstatus\tdefinition\tactivity\tinstitution\tperiod\tdue");
            foreach (var row in rows)
            {
                writer.WriteLine(string.Join('\t', row.Id, row.Status, $"{row.DefinitionName} v{row.DefinitionVersion}", row.Activity, row.Institution, row.Period, row.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }

            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<long>("id") { Description = "Instance id." };
        var command = new Command("show", "An instance with its journal, bookmarks, timers and incidents.") { id };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var instanceId = result.GetValue(id);
            var instance = db.Instances.AsNoTracking().FirstOrDefault(i => i.Id == instanceId) ?? throw new CliException($"no instance {instanceId}");
            var obligation = instance.ObligationId is { } oid ? db.Obligations.AsNoTracking().FirstOrDefault(o => o.Id == oid) : null;
            var writer = CliIo.Out(result);
            writer.WriteLine($"instance {instance.Id}: {instance.Status}, {instance.DefinitionName} v{instance.DefinitionVersion}, revision {instance.Revision}");
            if (obligation is not null)
            {
                writer.WriteLine($"obligation {obligation.Id}: {obligation.ActivityKey} / {obligation.InstitutionId} / {obligation.PeriodLabel}, due {obligation.DueDate:yyyy-MM-dd}, {obligation.Status}, escalation level {obligation.EscalationLevel}");
            }

            writer.WriteLine("bookmarks:");
            foreach (var b in db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).OrderBy(b => b.Id))
            {
                writer.WriteLine($"  {b.StepId} waits for {b.Kind}{(b.WakeAt is { } at ? $" until {at:yyyy-MM-dd HH:mm}Z" : string.Empty)}");
            }

            writer.WriteLine("timers:");
            foreach (var t in db.Timers.AsNoTracking().Where(t => t.InstanceId == instanceId).OrderBy(t => t.DueAt))
            {
                writer.WriteLine($"  {t.Kind} at {t.DueAt:yyyy-MM-dd HH:mm}Z{(t.Attempt > 0 ? $" (attempt {t.Attempt})" : string.Empty)}");
            }

            writer.WriteLine("incidents:");
            foreach (var i in db.Incidents.AsNoTracking().Where(i => i.InstanceId == instanceId).OrderBy(i => i.Id))
            {
                writer.WriteLine($"  {i.At:yyyy-MM-dd HH:mm}Z step {i.StepId}, attempt {i.Attempt}: {i.Message}{(i.ResolvedAt is null ? string.Empty : " (resolved)")}");
            }

            writer.WriteLine("journal:");
            foreach (var j in db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId || (obligation != null && j.ObligationId == obligation.Id)).OrderBy(j => j.Id))
            {
                writer.WriteLine($"  {j.At:yyyy-MM-dd HH:mm}Z {j.Event}{(j.StepId is null ? string.Empty : $" [{j.StepId}]")}: {j.Message}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Retry()
    {
        var id = new Argument<long>("id") { Description = "Instance id." };
        var command = new Command("retry", "Run a faulted instance again from where it failed.") { id };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var instanceId = result.GetValue(id);
            var now = CliAudit.Now(result);
            if (!Audited(db, "instance-retried", instanceId, now, () => WorkflowEngine.RetryAsync(db, instanceId, now)))
            {
                throw new CliException($"instance {instanceId} is not faulted (or does not exist); nothing to retry");
            }

            CliIo.Out(result).WriteLine($"instance {instanceId} will run again");
            return 0;
        }));
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<long>("id") { Description = "Instance id." };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the journal).", DefaultValueFactory = _ => "cancelled by the Office" };
        var command = new Command("cancel", "Stop an instance; its queued mails are withdrawn.") { id, reason };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var instanceId = result.GetValue(id);
            var now = CliAudit.Now(result);
            if (!Audited(db, "instance-cancelled", instanceId, now, () => WorkflowEngine.CancelAsync(db, instanceId, result.GetValue(reason)!, now)))
            {
                throw new CliException($"instance {instanceId} is already finished (or does not exist)");
            }

            CliIo.Out(result).WriteLine($"instance {instanceId} cancelled");
            return 0;
        }));
        return command;
    }

    /// <summary>The change with its audit row, as the Office's instance page records it.</summary>
    private static bool Audited(PlanDbContext db, string action, long instanceId, DateTime now, Func<Task<bool>> change)
    {
        try
        {
            return CliAudit.Change(db, action, "WorkflowInstance", instanceId, now, () => InstancesPage.SnapshotAsync(db, instanceId, CancellationToken.None), change);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new CliException($"instance {instanceId} was changed by the engine meanwhile; nothing was written, try again");
        }
    }
}
