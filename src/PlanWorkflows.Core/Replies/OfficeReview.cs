using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Replies;

/// <summary>
/// What the Office decides on a mail that waits in the review queue: attach it to an obligation as a report, or
/// discard it. (Decisions on reports are <see cref="ReportReview"/>'s.)
/// </summary>
public static class OfficeReview
{
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
