using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Replies;

/// <summary>Why a request or a decision on an extension was refused; the form turns these into its own words.</summary>
public enum ExtensionProblem
{
    UnknownObligation,
    NotThisInstitution,
    Closed,
    NotAfterDue,
    TooLate,
    ReasonRequired,
    ReasonTooLong,
    RequesterRequired,
    AlreadyRequested,
    UnknownRequest,
    AlreadyDecided,
    CommentRequired,
}

/// <summary>A refused request or decision. Nothing was stored.</summary>
public sealed class ExtensionException(ExtensionProblem problem, string message) : Exception(message)
{
    public ExtensionProblem Problem { get; } = problem;
}

/// <summary>
/// Extensions of a due date: an institution asks (from the reply form), the Office approves or declines. Each
/// call is one transaction: the request or decision, its journal row, the mail and, on approval, the moved due
/// date with the signal that makes a waiting workflow recompute its ladder.
/// </summary>
public sealed class Extensions(EngineOptions options)
{
    public const int MaxReasonChars = 2000;

    /// <summary>How far past the plan's end a due date may be moved: the Working Group's last review of a plan is about then.</summary>
    public const int MaxMonthsAfterPlanEnd = 6;

    private static readonly ObligationStatus[] ClosedStatuses = [ObligationStatus.Reported, ObligationStatus.Accepted, ObligationStatus.NotApplicable, ObligationStatus.Cancelled];

    /// <summary>Whether an obligation in this status still has a due date to extend.</summary>
    public static bool CanExtend(ObligationStatus status) => !ClosedStatuses.Contains(status);

    /// <summary>The latest date an extension may ask for: the end of the plan's last reporting period plus six months.</summary>
    public static async Task<DateOnly?> LatestDateAsync(PlanDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The plan's period is not stored on its own; its last reporting period ends with it.
        var end = await db.Obligations.Where(o => !o.Removed).MaxAsync(o => (DateOnly?)o.PeriodEnd, cancellationToken).ConfigureAwait(false);
        return end?.AddMonths(MaxMonthsAfterPlanEnd);
    }

    /// <summary>Stores a request and mails the Office. <paramref name="replyTokenId"/>, when given, must be a link of the obligation's institution and round.</summary>
    public Task<ExtensionRequest> RequestAsync(PlanDbContext db, long obligationId, DateOnly requestedDueDate, string? reason, string? requestedBy, long? replyTokenId,
        DateTime now, CancellationToken cancellationToken = default) =>
        Atomic.RunAsync(db, async () =>
        {
            reason = reason?.Trim() ?? string.Empty;
            requestedBy = requestedBy?.Trim() ?? string.Empty;
            var obligation = await db.Obligations.FirstOrDefaultAsync(o => o.Id == obligationId && !o.Removed, cancellationToken).ConfigureAwait(false)
                ?? throw new ExtensionException(ExtensionProblem.UnknownObligation, $"no obligation {obligationId}");
            if (replyTokenId is { } tokenId)
            {
                var token = await db.ReplyTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken).ConfigureAwait(false);
                if (token is null || token.InstitutionId != obligation.InstitutionId || token.Round != obligation.PeriodLabel)
                {
                    throw new ExtensionException(ExtensionProblem.NotThisInstitution, $"obligation {obligationId} is not an item of this link's institution and round");
                }
            }

            if (ClosedStatuses.Contains(obligation.Status))
            {
                throw new ExtensionException(ExtensionProblem.Closed, $"obligation {obligationId} is {obligation.Status}; there is no due date left to extend");
            }

            if (reason.Length == 0)
            {
                throw new ExtensionException(ExtensionProblem.ReasonRequired, "a reason is required");
            }

            if (reason.Length > MaxReasonChars)
            {
                throw new ExtensionException(ExtensionProblem.ReasonTooLong, $"the reason is longer than {MaxReasonChars} characters");
            }

            if (requestedBy.Length == 0)
            {
                throw new ExtensionException(ExtensionProblem.RequesterRequired, "the name of the person asking is required");
            }

            if (requestedDueDate <= obligation.DueDate)
            {
                throw new ExtensionException(ExtensionProblem.NotAfterDue, $"the new date {Iso(requestedDueDate)} must be after the current due date {Iso(obligation.DueDate)}");
            }

            var latest = await LatestDateAsync(db, cancellationToken).ConfigureAwait(false);
            if (requestedDueDate > latest)
            {
                throw new ExtensionException(ExtensionProblem.TooLate, $"the new date {Iso(requestedDueDate)} is after {Iso(latest!.Value)}, {MaxMonthsAfterPlanEnd} months after the plan's end");
            }

            if (await db.Extensions.AnyAsync(e => e.ObligationId == obligationId && e.Status == ExtensionStatus.Requested, cancellationToken).ConfigureAwait(false))
            {
                throw new ExtensionException(ExtensionProblem.AlreadyRequested, $"obligation {obligationId} already has an extension request waiting for the Office");
            }

            var request = new ExtensionRequest
            {
                ObligationId = obligationId,
                CurrentDueDate = obligation.DueDate,
                RequestedDueDate = requestedDueDate,
                Reason = reason,
                RequestedBy = requestedBy,
                RequestedAt = now,
                ReplyTokenId = replyTokenId,
                Status = ExtensionStatus.Requested,
            };
            db.Extensions.Add(request);
            db.Journal.Add(new JournalEntry { ObligationId = obligationId, At = now, Event = "extension-requested", Message = $"extension to {Iso(requestedDueDate)} requested by {requestedBy}: {reason}" });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (await OfficeMailAsync(db, obligation, request, now, cancellationToken).ConfigureAwait(false) is { } mail)
            {
                db.Outbox.Add(mail);
            }

            return request;
        }, cancellationToken);

    /// <summary>Moves the due date to the requested one, marks the obligation Extended and moves its ladder.</summary>
    public Task<ExtensionRequest> ApproveAsync(PlanDbContext db, long requestId, string by, string? comment, DateTime now, CancellationToken cancellationToken = default) =>
        Atomic.RunAsync(db, async () =>
        {
            var (request, obligation) = await PendingAsync(db, requestId, cancellationToken).ConfigureAwait(false);
            if (ClosedStatuses.Contains(obligation.Status))
            {
                throw new ExtensionException(ExtensionProblem.Closed, $"obligation {obligation.Id} is {obligation.Status} now; decline the request instead");
            }

            if (request.RequestedDueDate <= obligation.DueDate)
            {
                // The catalogue moved the date past the request since it was made.
                throw new ExtensionException(ExtensionProblem.NotAfterDue, $"the due date is already {Iso(obligation.DueDate)}, not before the requested {Iso(request.RequestedDueDate)}; decline the request instead");
            }

            var from = obligation.DueDate;
            obligation.DueDate = request.RequestedDueDate;
            obligation.Status = ObligationStatus.Extended;
            obligation.UpdatedAt = now;
            Decide(request, ExtensionStatus.Approved, by, comment, now);
            db.Journal.Add(new JournalEntry
            {
                ObligationId = obligation.Id,
                At = now,
                Event = "extended",
                Message = $"due date moved from {Iso(from)} to {Iso(request.RequestedDueDate)} (extension {request.Id} approved by {by}){Suffix(comment)}",
            });
            var instances = await db.Instances.Where(i => i.ObligationId == obligation.Id && (i.Status == InstanceStatus.Waiting || i.Status == InstanceStatus.Running))
                .Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var instanceId in instances)
            {
                WorkflowEngine.Signal(db, instanceId, ResumeEvent.DueDateChanged, now);
            }

            await QueueInstitutionMailAsync(db, KnownTemplates.ExtensionApproved, obligation, request, now, cancellationToken).ConfigureAwait(false);
            return request;
        }, cancellationToken);

    /// <summary>Declines a request: the due date and the ladder stay as they are; the institution is told why.</summary>
    public Task<ExtensionRequest> DeclineAsync(PlanDbContext db, long requestId, string by, string? comment, DateTime now, CancellationToken cancellationToken = default) =>
        Atomic.RunAsync(db, async () =>
        {
            if (string.IsNullOrWhiteSpace(comment))
            {
                throw new ExtensionException(ExtensionProblem.CommentRequired, "a declined request needs a comment: the institution is told why");
            }

            var (request, obligation) = await PendingAsync(db, requestId, cancellationToken).ConfigureAwait(false);
            Decide(request, ExtensionStatus.Declined, by, comment, now);
            db.Journal.Add(new JournalEntry
            {
                ObligationId = obligation.Id,
                At = now,
                Event = "extension-declined",
                Message = $"extension {request.Id} to {Iso(request.RequestedDueDate)} declined by {by}{Suffix(comment)}; due date stays {Iso(obligation.DueDate)}",
            });
            await QueueInstitutionMailAsync(db, KnownTemplates.ExtensionDeclined, obligation, request, now, cancellationToken).ConfigureAwait(false);
            return request;
        }, cancellationToken);

    private static async Task<(ExtensionRequest Request, Obligation Obligation)> PendingAsync(PlanDbContext db, long requestId, CancellationToken cancellationToken)
    {
        var request = await db.Extensions.FirstOrDefaultAsync(e => e.Id == requestId, cancellationToken).ConfigureAwait(false)
            ?? throw new ExtensionException(ExtensionProblem.UnknownRequest, $"no extension request {requestId}");
        if (request.Status != ExtensionStatus.Requested)
        {
            throw new ExtensionException(ExtensionProblem.AlreadyDecided, $"extension request {requestId} was already {request.Status.ToString().ToLowerInvariant()} by {request.DecidedBy}");
        }

        var obligation = await db.Obligations.FirstAsync(o => o.Id == request.ObligationId, cancellationToken).ConfigureAwait(false);
        return (request, obligation);
    }

    private static void Decide(ExtensionRequest request, ExtensionStatus status, string by, string? comment, DateTime now)
    {
        request.Status = status;
        request.DecidedBy = by;
        request.DecidedAt = now;
        request.OfficeComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
    }

    private async Task<OutboxMessage?> OfficeMailAsync(PlanDbContext db, Obligation obligation, ExtensionRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var book = await RecipientBook.LoadAsync(db, options, [obligation], cancellationToken).ConfigureAwait(false);
        var to = book.Resolve("office", null);
        if (to.Count == 0)
        {
            return null;
        }

        var language = Language(to[0].Language);
        var model = await ModelAsync(db, obligation, request, request.RequestedDueDate, language, to[0], cancellationToken).ConfigureAwait(false);
        // The templates see only the mail model's members: the item carries the requested date, and the top-level
        // due date the current one. No "period": this mail is not a reply round, so it gets no reply link.
        model["dueDate"] = Iso(obligation.DueDate);
        return Row(KnownTemplates.ExtensionRequested, $"pw.extension.{request.Id}.requested@{options.MessageIdDomain}", obligation, language, to, model, now);
    }

    private async Task QueueInstitutionMailAsync(PlanDbContext db, string template, Obligation obligation, ExtensionRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var book = await RecipientBook.LoadAsync(db, options, [obligation], cancellationToken).ConfigureAwait(false);
        var to = book.Resolve("focalPoint", obligation.InstitutionId).ToList();
        if (to.Any(c => c.OutOfOfficeUntil > now))
        {
            // As with the ladder's mails: whoever said they are away, their deputy hears too.
            to.AddRange(book.Resolve("deputy", obligation.InstitutionId));
        }

        to = to.DistinctBy(c => c.Email, StringComparer.OrdinalIgnoreCase).ToList();
        if (to.Count == 0)
        {
            db.Journal.Add(new JournalEntry { ObligationId = obligation.Id, At = now, Event = "no-recipient", Message = $"{template}: {obligation.InstitutionId} has no deliverable contact" });
            return;
        }

        var language = Language(to[0].Language);
        var model = await ModelAsync(db, obligation, request, obligation.DueDate, language, to[0], cancellationToken).ConfigureAwait(false);
        model["period"] = obligation.PeriodLabel;
        model["dueDate"] = Iso(obligation.DueDate);
        model["message"] = request.OfficeComment;
        db.Outbox.Add(Row(template, $"pw.extension.{request.Id}.{request.Status.ToString().ToLowerInvariant()}@{options.MessageIdDomain}", obligation, language, to, model, now));
    }

    private async Task<JsonObject> ModelAsync(PlanDbContext db, Obligation obligation, ExtensionRequest request, DateOnly itemDue, string language, ContactRecord contact, CancellationToken cancellationToken)
    {
        var ids = new[] { obligation.InstitutionId, options.OfficeInstitutionId };
        var institutions = await db.Institutions.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken).ConfigureAwait(false);
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Key == obligation.ActivityKey, cancellationToken).ConfigureAwait(false);
        var english = language == MailLanguages.English;
        string? Name(string id) => institutions.TryGetValue(id, out var i) ? (english ? i.NameEn : i.NameCnr) : id;
        var officeEmail = await db.Contacts.AsNoTracking().Where(c => c.InstitutionId == options.OfficeInstitutionId && c.Role == "focalPoint")
            .Select(c => c.Email).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["institutionId"] = obligation.InstitutionId,
            ["institution"] = Name(obligation.InstitutionId),
            ["round"] = obligation.PeriodLabel,
            ["obligationId"] = obligation.Id,
            ["extensionId"] = request.Id,
            ["contact"] = new JsonObject { ["name"] = contact.Name, ["email"] = contact.Email },
            ["office"] = new JsonObject { ["name"] = Name(options.OfficeInstitutionId), ["email"] = officeEmail ?? string.Empty },
            ["items"] = new JsonArray(new JsonObject
            {
                ["code"] = activity?.Code ?? obligation.ActivityKey,
                ["activityKey"] = obligation.ActivityKey,
                ["title"] = activity?.Title ?? obligation.ActivityKey,
                ["dueDate"] = Iso(itemDue),
                ["narrative"] = request.Reason,
            }),
        };
    }

    private static OutboxMessage Row(string template, string messageId, Obligation obligation, string language, IReadOnlyList<ContactRecord> to, JsonObject model, DateTime now)
    {
        model["template"] = template;
        return new OutboxMessage
        {
            MessageId = messageId,
            ObligationId = obligation.Id,
            InstitutionId = obligation.InstitutionId,
            Template = template,
            Language = language,
            To = string.Join(", ", to.Select(c => c.Email)),
            ModelJson = model.ToJsonString(),
            CreatedAt = now,
            NotBefore = now,
            Status = OutboxStatus.Queued,
        };
    }

    private static string Language(string? language) => language == MailLanguages.English ? MailLanguages.English : MailLanguages.Montenegrin;

    private static string Suffix(string? comment) => string.IsNullOrWhiteSpace(comment) ? string.Empty : $": {comment.Trim()}";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

}
