using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Replies;

/// <summary>
/// What the Office decides: accept or return a report, and attach or discard a mail that waits in
/// the review queue. Each decision is one transaction and is journalled.
/// </summary>
public static class OfficeReview
{
    /// <summary>Accepts or returns the latest report of an obligation; a waiting ReviewReport step takes the decision.</summary>
    public static async Task<bool> DecideAsync(PlanDbContext db, long obligationId, bool accept, string? comment, string by, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var obligation = await db.Obligations.FirstOrDefaultAsync(o => o.Id == obligationId, cancellationToken).ConfigureAwait(false);
        if (obligation is null || obligation.Status is not (ObligationStatus.Reported or ObligationStatus.Accepted or ObligationStatus.Returned))
        {
            return false;
        }

        var waiting = await db.Instances.Where(i => i.ObligationId == obligationId && i.Status == InstanceStatus.Waiting)
            .Join(db.Bookmarks.Where(b => b.Kind == ResumeEvent.Review), i => i.Id, b => b.InstanceId, (i, b) => i.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var instanceId in waiting)
        {
            WorkflowEngine.Signal(db, instanceId, ResumeEvent.Review, now, new JsonObject { ["decision"] = accept ? "accepted" : "returned", ["comment"] = comment });
        }

        if (waiting.Count == 0)
        {
            // No workflow is at its review step (it may not have reached it yet): the status says it.
            obligation.Status = accept ? ObligationStatus.Accepted : ObligationStatus.Returned;
            obligation.UpdatedAt = now;
        }

        db.Journal.Add(new JournalEntry { ObligationId = obligationId, At = now, Event = accept ? "accepted" : "returned", Message = $"{(accept ? "accepted" : "returned")} by {by}{(string.IsNullOrWhiteSpace(comment) ? string.Empty : $": {comment}")}" });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>A mail from the review queue, read by the Office as a report on an obligation.</summary>
    public static async Task<Report?> AttachAsync(PlanDbContext db, long inboundId, long obligationId, ImplementationStatus status, string by, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = await db.Inbound.FirstOrDefaultAsync(m => m.Id == inboundId && m.Status == InboundStatus.Review, cancellationToken).ConfigureAwait(false);
        if (message is null || !await db.Obligations.AnyAsync(o => o.Id == obligationId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var text = JsonNode.Parse(message.ResultJson)?["freeText"]?.GetValue<string>() ?? string.Empty;
        var report = await WorkflowEngine.SubmitReportAsync(db, obligationId, status, text, "email", message.From, now, cancellationToken).ConfigureAwait(false);
        report.InboundMessageId = message.Id;
        message.Status = InboundStatus.Attached;
        message.Note = $"attached to obligation {obligationId} by {by}";
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    public static async Task<bool> DiscardAsync(PlanDbContext db, long inboundId, string reason, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = await db.Inbound.FirstOrDefaultAsync(m => m.Id == inboundId && m.Status == InboundStatus.Review, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return false;
        }

        message.Status = InboundStatus.Discarded;
        message.Note = $"discarded by {by}: {reason}";
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
