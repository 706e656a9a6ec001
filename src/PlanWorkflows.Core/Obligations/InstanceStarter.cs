using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Obligations;

/// <summary>
/// The one way a workflow instance comes to exist for an obligation (catalogue sync, meetings and reports to the
/// Government, the designer's preview): an instance of the latest published version of a definition is added beside
/// its obligation; once both have ids (after the caller's SaveChanges), <see cref="Link"/> ties them and appends the
/// start timer and the "created" journal line. Everything happens in the caller's transaction.
/// </summary>
internal sealed class InstanceStarter(PlanDbContext db, DateTime now)
{
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private readonly List<(Obligation Obligation, WorkflowInstance Instance, DateTime StartAt)> _added = [];

    /// <summary>The instances added so far, with their obligations.</summary>
    public int Count => _added.Count;

    /// <summary>Adds a running instance of <paramref name="definitionName"/>'s latest published version, to start at <paramref name="startAt"/>.</summary>
    /// <param name="purpose">What the definition is for, named in the error when it is not published.</param>
    public async Task<WorkflowInstance> AddAsync(Obligation obligation, string definitionName, string purpose, DateTime startAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        if (!_versions.TryGetValue(definitionName, out var version))
        {
            version = (await DefinitionStore.LatestPublishedAsync(db, definitionName, cancellationToken).ConfigureAwait(false))?.Version
                ?? throw new InvalidOperationException($"definition '{definitionName}' ({purpose}) is not published");
            _versions[definitionName] = version;
        }

        var instance = new WorkflowInstance { DefinitionName = definitionName, DefinitionVersion = version, Status = InstanceStatus.Running, CreatedAt = now, UpdatedAt = now };
        db.Instances.Add(instance);
        _added.Add((obligation, instance, startAt));
        return instance;
    }

    /// <summary>Saves the obligations and instances added, then links them and writes their start timers and journal lines.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var appended = new UntrackedRows();
        Link(appended);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await appended.InsertAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the SaveChanges that gave obligations and instances their ids: links, start timers, journal lines.</summary>
    public void Link(UntrackedRows appended)
    {
        ArgumentNullException.ThrowIfNull(appended);
        foreach (var (obligation, instance, startAt) in _added)
        {
            instance.ObligationId = obligation.Id;
            appended.Timers.Add(new WorkflowTimer { InstanceId = instance.Id, Kind = TimerKind.Start, DueAt = startAt });
            appended.Journal.Add(new JournalEntry
            {
                At = now, Event = "created", InstanceId = instance.Id, ObligationId = obligation.Id,
                Message = $"obligation {obligation.ActivityKey} / {obligation.InstitutionId} / {obligation.PeriodLabel}, due {obligation.DueDate:yyyy-MM-dd}; workflow {instance.DefinitionName} v{instance.DefinitionVersion}",
            });
        }

        _added.Clear();
    }
}
