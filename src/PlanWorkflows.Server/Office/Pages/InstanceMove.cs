using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Office.Pages;

public sealed record MoveCheck(int? Latest, string? Problem)
{
    public bool Possible => Problem is null && Latest is not null;
}

/// <summary>
/// Moving a running instance to the latest published version of its definition. Only when the place it stands at
/// means the same in both: every sequence on its stack has the same steps (id, type, kind) up to and including
/// its position, so what was already done and where it waits are unchanged; only what follows may differ.
/// </summary>
public static class InstanceMove
{
    public static async Task<MoveCheck> CheckAsync(PlanDbContext db, WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(instance);
        var latest = await DefinitionStore.LatestPublishedAsync(db, instance.DefinitionName, cancellationToken).ConfigureAwait(false);
        if (latest is null || latest.Version <= instance.DefinitionVersion)
        {
            return new MoveCheck(null, "it already runs the latest published version");
        }

        if (instance.Status is not (InstanceStatus.Waiting or InstanceStatus.Running or InstanceStatus.Faulted))
        {
            return new MoveCheck(latest.Version, $"it is {instance.Status}");
        }

        var currentJson = await db.Definitions.AsNoTracking().Where(d => d.Name == instance.DefinitionName && d.Version == instance.DefinitionVersion)
            .Select(d => d.Json).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (currentJson is null)
        {
            return new MoveCheck(latest.Version, $"version {instance.DefinitionVersion} is not stored");
        }

        var problem = Compare(DefinitionJson.Parse(currentJson, $"{instance.DefinitionName} v{instance.DefinitionVersion}"), DefinitionJson.Parse(latest.Json, $"{latest.Name} v{latest.Version}"), InstanceState.FromJson(instance.StateJson));
        return new MoveCheck(latest.Version, problem);
    }

    /// <summary>Null when the state means the same in <paramref name="to"/>; else why not.</summary>
    public static string? Compare(WorkflowDefinitionDocument from, WorkflowDefinitionDocument to, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(state);
        foreach (var frame in state.Stack)
        {
            var old = Sequence(from, frame);
            var now = Sequence(to, frame);
            if (old is null || now is null)
            {
                return $"step '{frame.StepId}' ({frame.Branch}) is not in both versions";
            }

            for (var i = 0; i <= frame.Index && i < old.Count; i++)
            {
                if (i >= now.Count || old[i].Id != now[i].Id || old[i].Type != now[i].Type || old[i].ComponentType != now[i].ComponentType)
                {
                    return $"the steps before and at its position differ (step {i + 1} of {(frame.StepId is null ? "the main sequence" : $"'{frame.StepId}'")})";
                }
            }
        }

        if (state.Waiting is { } waiting && !to.Walk().Any(s => s.Id == waiting.StepId))
        {
            return $"the step it waits at ('{waiting.StepId}') is not in the latest version";
        }

        return null;
    }

    private static List<StepNode>? Sequence(WorkflowDefinitionDocument document, Frame frame)
    {
        if (frame.StepId is null)
        {
            return document.Sequence;
        }

        var step = document.Walk().FirstOrDefault(s => s.Id == frame.StepId);
        return frame.Branch == Frame.LoopBody ? step?.Sequence : step?.Branches?.GetValueOrDefault(frame.Branch ?? string.Empty);
    }

    /// <summary>Moves it, journalled; the caller saves (in the audited transaction).</summary>
    public static async Task<bool> MoveAsync(PlanDbContext db, long instanceId, string by, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var instance = await db.Instances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return false;
        }

        var check = await CheckAsync(db, instance, cancellationToken).ConfigureAwait(false);
        if (!check.Possible)
        {
            return false;
        }

        var from = instance.DefinitionVersion;
        instance.DefinitionVersion = check.Latest!.Value;
        instance.Revision++;
        instance.UpdatedAt = now;
        db.Journal.Add(new JournalEntry { InstanceId = instance.Id, ObligationId = instance.ObligationId, At = now, Event = "moved", Message = $"moved from v{from} to v{check.Latest} by {by}" });
        return true;
    }
}
