using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Data;

public enum InstanceStatus { Running, Waiting, Completed, Faulted, Cancelled }

public enum DefinitionState { Draft, Published, Retired }

/// <summary>Why a timer row exists: start an instance, wake a waiting step, deliver a signal, retry after a fault.</summary>
public enum TimerKind { Start, Wake, Signal, Retry }

public enum OutboxStatus { Queued, Sent, DeadLetter, Cancelled }

public enum ExtensionStatus { Requested, Approved, Declined }

/// <summary>An activity of the catalogue as the database knows it; synchronised from the catalogue file.</summary>
public sealed class ActivityRecord
{
    public string Key { get; set; } = string.Empty;
    public string AreaId { get; set; } = string.Empty;
    public string AreaTitle { get; set; } = string.Empty;

    /// <summary>The area's short code (<c>EDU</c>): with <see cref="Code"/> it names the activity to people, <c>EDU 1.1.2</c>.</summary>
    public string AreaCode { get; set; } = string.Empty;
    public string Code { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public ScheduleKind ScheduleKind { get; set; }
    public string TimeframeText { get; set; } = string.Empty;
    public string Indicators { get; set; } = string.Empty;

    /// <summary>The catalogue's split of <see cref="Indicators"/>: a JSON array of <c>{name, kind, target}</c>.</summary>
    public string IndicatorsJson { get; set; } = "[]";

    /// <summary><c>EDU 1.1.2</c>.</summary>
    public string Reference => Catalogue.ActivityCodes.Format(AreaCode, Code);
    public string? DefinitionName { get; set; }
    public bool Removed { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class InstitutionRecord
{
    public string Id { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string NameEn { get; set; } = string.Empty;
    public string NameCnr { get; set; } = string.Empty;
    public List<ContactRecord> Contacts { get; set; } = [];

    /// <summary>When the Office last changed the names in the web app; from then on institutions.yaml no longer sets them.</summary>
    public DateTime? EditedAt { get; set; }

    /// <summary>
    /// The contact addresses institutions.yaml listed when it was last applied, one per line. A listed address
    /// with no row any more was removed in the Office, and the file does not bring it back.
    /// </summary>
    public string? FileContacts { get; set; }
}

public sealed class ContactRecord
{
    public long Id { get; set; }
    public string InstitutionId { get; set; } = string.Empty;
    public string Role { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public string Language { get; set; } = "cnr";
    public bool Undeliverable { get; set; }
    public DateTime? OutOfOfficeUntil { get; set; }

    /// <summary>When the Office added or changed the contact in the web app; institutions.yaml then neither changes nor removes it.</summary>
    public DateTime? EditedAt { get; set; }
}

/// <summary>One institution's duty to report on one activity for one period: the unit workflows track.</summary>
public sealed class Obligation
{
    public long Id { get; set; }
    public ObligationKind Kind { get; set; }
    public string ActivityKey { get; set; } = string.Empty;
    public string InstitutionId { get; set; } = string.Empty;
    public string PeriodLabel { get; set; } = string.Empty;
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateOnly NominalDue { get; set; }
    public DateOnly DueDate { get; set; }
    public ObligationStatus Status { get; set; }
    public int EscalationLevel { get; set; }
    public bool Removed { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>What an institution submitted for an obligation. Versioned, never overwritten.</summary>
public sealed class Report
{
    public long Id { get; set; }
    public long ObligationId { get; set; }
    public int Version { get; set; }
    public ImplementationStatus Status { get; set; }
    public string Narrative { get; set; } = string.Empty;
    public string IndicatorsJson { get; set; } = "{}";
    public string Channel { get; set; } = "form";
    public string SubmittedBy { get; set; } = string.Empty;
    public DateTime SubmittedAt { get; set; }
    /// <summary>The reply token the report came with (form or mail), if any.</summary>
    public long? ReplyTokenId { get; set; }
    /// <summary>The stored inbound mail it was read from, when it came by mail.</summary>
    public long? InboundMessageId { get; set; }
    /// <summary>Links to evidence (one per line); attachments are in <see cref="Evidence"/>.</summary>
    public string EvidenceLinks { get; set; } = string.Empty;

    /// <summary>
    /// Who in the Office entered the report on the institution's behalf (received on paper or by phone, see
    /// <see cref="Channel"/>); null when the institution sent it itself.
    /// </summary>
    public string? RecordedBy { get; set; }

    /// <summary>The Office's decision on this version; null while it waits for one. A decision is final for its version.</summary>
    public ReviewOutcome? Review { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTime? ReviewedAt { get; set; }

    /// <summary>What the institution should add (required when returned) or a note on the acceptance.</summary>
    public string? ReviewComment { get; set; }
}

/// <summary>The Office's decision on one version of a report.</summary>
public enum ReviewOutcome { Accepted, Returned }

/// <summary>A file an institution attached to a report (a form upload or a mail attachment).</summary>
public sealed class Evidence
{
    public const int FileNameLength = 255;
    public const int ContentTypeLength = 100;

    public long Id { get; set; }
    public long ReportId { get; set; }
    public string FileName { get; set; } = string.Empty;
    public string ContentType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public byte[] Content { get; set; } = [];

    /// <summary>
    /// The name as stored: a sender's file name has no limit, the column has. SQLite keeps any length, a server
    /// database refuses the whole report over one long name; so a longer name is shortened, keeping its extension.
    /// </summary>
    public static string StoredFileName(string? name)
    {
        name = string.IsNullOrWhiteSpace(name) ? "attachment" : name;
        if (name.Length <= FileNameLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        extension = extension.Length is > 0 and <= 16 ? extension : string.Empty;
        return name[..(FileNameLength - extension.Length)] + extension;
    }

    /// <summary>A media type as stored: one longer than the column is no type anyone could open, so it is kept as bytes.</summary>
    public static string StoredContentType(string? type) =>
        string.IsNullOrWhiteSpace(type) || type.Length > ContentTypeLength ? "application/octet-stream" : type;
}

/// <summary>
/// A reply token: what links a form link or a reply address to one institution's round. Only its
/// SHA-256 hash is stored, so the database never holds a usable link.
/// </summary>
public sealed class ReplyToken
{
    public long Id { get; set; }
    public string Hash { get; set; } = string.Empty;
    public string InstitutionId { get; set; } = string.Empty;
    public string Round { get; set; } = string.Empty;
    public string Language { get; set; } = "cnr";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>The mail that carried it, for matching replies by In-Reply-To as well.</summary>
    public string? MessageId { get; set; }
}

/// <summary>A form's saved but not yet submitted answers for one obligation.</summary>
public sealed class FormDraft
{
    public long Id { get; set; }
    public long ReplyTokenId { get; set; }
    public long ObligationId { get; set; }
    public string Json { get; set; } = "{}";
    public DateTime UpdatedAt { get; set; }
}

public enum InboundStatus { New, Processed, Review, Attached, Discarded }

/// <summary>Every mail read from the reports mailbox, stored raw before anything else is done with it.</summary>
public sealed class InboundMessage
{
    public long Id { get; set; }
    public string MessageId { get; set; } = string.Empty;
    public string Mailbox { get; set; } = string.Empty;
    public long? Uid { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string From { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    public byte[] Raw { get; set; } = [];
    /// <summary>report, auto-reply, out-of-office, bounce, unreadable.</summary>
    public string Kind { get; set; } = string.Empty;
    public InboundStatus Status { get; set; }
    public long? ReplyTokenId { get; set; }
    /// <summary>What the reader made of it (the JSON of 'inbox parse').</summary>
    public string ResultJson { get; set; } = "{}";
    /// <summary>Why it waits for the Office, or what the Office decided.</summary>
    public string? Note { get; set; }
}

/// <summary>Where the inbox reader stands in a mailbox, so nothing is read twice or skipped after a restart.</summary>
public sealed class MailboxState
{
    public string Mailbox { get; set; } = string.Empty;
    public long UidValidity { get; set; }
    public long LastUid { get; set; }
}

public sealed class WorkflowDefinitionRecord
{
    public long Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public int Version { get; set; }
    public DefinitionState State { get; set; }
    public string Json { get; set; } = string.Empty;
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
}

public sealed class WorkflowInstance
{
    public long Id { get; set; }
    public string DefinitionName { get; set; } = string.Empty;
    public int DefinitionVersion { get; set; }
    public long? ObligationId { get; set; }
    public InstanceStatus Status { get; set; }
    /// <summary>Position in the step tree and variables (<see cref="Workflows.Runtime.InstanceState"/> as JSON).</summary>
    public string StateJson { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>Optimistic concurrency: two hosts can never both commit a transition of one instance.</summary>
    public int Revision { get; set; }
}

/// <summary>What a waiting instance waits for: a time, a reply, a review.</summary>
public sealed class Bookmark
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public string StepId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public DateTime? WakeAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A due row the scheduler claims with an atomic lease. Startup costs nothing per row: hosts
/// only ever ask the index for the rows due now.
/// </summary>
public sealed class WorkflowTimer
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public TimerKind Kind { get; set; }
    public DateTime DueAt { get; set; }
    public string? Payload { get; set; }
    public string? LeaseToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public int Attempt { get; set; }
}

public sealed class JournalEntry
{
    public long Id { get; set; }
    public long? InstanceId { get; set; }
    public long? ObligationId { get; set; }
    public DateTime At { get; set; }
    public string? StepId { get; set; }
    public string? StepType { get; set; }
    public string Event { get; set; } = string.Empty;
    public string Message { get; set; } = string.Empty;
}

public sealed class Incident
{
    public long Id { get; set; }
    /// <summary>The instance concerned; null for incidents of the service itself (a mail server refusing credentials).</summary>
    public long? InstanceId { get; set; }
    /// <summary>Where it happened: engine, outbox, inbox.</summary>
    public string Source { get; set; } = "engine";
    public string? StepId { get; set; }
    public DateTime At { get; set; }
    public int Attempt { get; set; }
    public string Message { get; set; } = string.Empty;
    public string? Details { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

/// <summary>A mail written in the same transaction as the state that caused it; a sender drains these.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>Stable per row, so a retried send is recognisable by the receiving side.</summary>
    public string MessageId { get; set; } = string.Empty;
    public long? InstanceId { get; set; }
    public long? ObligationId { get; set; }
    public string? InstitutionId { get; set; }
    public string Template { get; set; } = string.Empty;
    public string Language { get; set; } = "en";
    public string To { get; set; } = string.Empty;
    public string? Cc { get; set; }
    public string ModelJson { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime NotBefore { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// An institution's request to move an obligation's due date, and the Office's decision on it. Kept after the
/// decision: the history of extensions is part of what the Working Group reviews.
/// </summary>
public sealed class ExtensionRequest
{
    public long Id { get; set; }
    public long ObligationId { get; set; }
    /// <summary>The due date when the request was made, so a later reader sees what was moved from.</summary>
    public DateOnly CurrentDueDate { get; set; }
    public DateOnly RequestedDueDate { get; set; }
    public string Reason { get; set; } = string.Empty;
    public string RequestedBy { get; set; } = string.Empty;
    public DateTime RequestedAt { get; set; }
    /// <summary>The form link it came through, if any.</summary>
    public long? ReplyTokenId { get; set; }
    public ExtensionStatus Status { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? OfficeComment { get; set; }
}

/// <summary>A request to assemble a meeting pack, made by a meeting workflow.</summary>
public sealed class PackRequest
{
    public long Id { get; set; }
    public long? InstanceId { get; set; }
    public DateOnly MeetingDate { get; set; }
    public string Language { get; set; } = "en";
    public DateTime RequestedAt { get; set; }
    public string Status { get; set; } = "Requested";
}
