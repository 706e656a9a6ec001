using System.Text;
using MimeKit;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Mail;

/// <summary>What a message needs besides its rendered parts: who, which ids, which thread, and the calendar entry for reminders.</summary>
public sealed record MailEnvelope
{
    public required string Template { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public IReadOnlyList<string> Cc { get; init; } = [];

    /// <summary>Stable per outbox row, so a retried send is recognisable.</summary>
    public required string MessageId { get; init; }

    /// <summary>The per-recipient token that makes the Reply-To <c>reports+TOKEN@domain</c>.</summary>
    public required string ReplyToken { get; init; }

    /// <summary>The conversation the mail belongs to (see <see cref="MailComposer.ThreadId"/>); empty for a mail that starts none.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Earlier messages of the thread, oldest first, after the thread id.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>For reminder-type mails: what goes into the <c>.ics</c>.</summary>
    public ReminderEvent? Reminder { get; init; }
}

/// <summary>The due date of one institution's round; the calendar UID is stable per institution and round.</summary>
public sealed record ReminderEvent(string InstitutionId, string Round, DateOnly DueDate, IReadOnlyList<string> Codes, string Summary);

/// <summary>Builds the MIME message the outbox sender hands to SMTP.</summary>
public sealed class MailComposer
{
    public const string CalendarFileName = "reporting-deadline.ics";

    private readonly MailOptions _options;
    private readonly TimeProvider _time;

    public MailComposer(MailOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
    }

    public static bool IsReminder(string template) => KnownTemplates.IsReminder(template);

    /// <inheritdoc cref="KnownTemplates.IsDigest"/>
    public static bool IsDigest(string template) => KnownTemplates.IsDigest(template);

    /// <inheritdoc cref="KnownTemplates.IsChasing"/>
    public static bool IsChasing(string template) => KnownTemplates.IsChasing(template);

    /// <summary>
    /// One id per institution and round: every mail of the round points at it, so mail clients keep the
    /// reminders, escalations and receipts of a round in one conversation.
    /// </summary>
    public static string ThreadId(string institutionId, string round, string domain) =>
        $"round.{Safe(institutionId)}.{Safe(round)}@{domain}";

    public MimeMessage Compose(RenderedMail mail, MailEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.To.Count == 0)
        {
            throw new ArgumentException("a mail needs at least one recipient", nameof(envelope));
        }

        var message = new MimeMessage
        {
            Subject = mail.Subject,
            MessageId = Bare(envelope.MessageId),
            Date = _time.GetUtcNow(),
        };
        message.From.Add(new MailboxAddress(_options.FromName, _options.FromAddress));
        message.To.AddRange(envelope.To.Select(MailboxAddress.Parse));
        message.Cc.AddRange(envelope.Cc.Select(MailboxAddress.Parse));
        message.ReplyTo.Add(new MailboxAddress(_options.FromName, $"reports+{envelope.ReplyToken}@{_options.ReplyDomain}"));
        // RFC 3834: tells auto-responders not to answer, so out-of-office replies do not come back as reports.
        message.Headers.Add("Auto-Submitted", "auto-generated");

        if (!string.IsNullOrEmpty(envelope.ThreadId))
        {
            var thread = Bare(envelope.ThreadId);
            var references = new[] { thread }.Concat(envelope.References.Select(Bare)).Distinct(StringComparer.Ordinal).ToList();
            message.InReplyTo = references[^1];
            foreach (var reference in references)
            {
                message.References.Add(reference);
            }
        }

        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = mail.Text },
            new TextPart("html") { Text = mail.Html },
        };
        if (IsReminder(envelope.Template) && envelope.Reminder is { } reminder)
        {
            var ics = ReminderCalendar.Build(reminder, _options, _time.GetUtcNow());
            var attachment = new MimePart("text", "calendar")
            {
                Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(ics))),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = CalendarFileName,
            };
            attachment.ContentType.Parameters.Add("method", "PUBLISH");
            attachment.ContentType.Charset = "utf-8";
            message.Body = new Multipart("mixed") { alternative, attachment };
        }
        else
        {
            message.Body = alternative;
        }

        return message;
    }

    private static string Bare(string id) => id.Trim().TrimStart('<').TrimEnd('>');

    private static string Safe(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? char.ToLowerInvariant(c) : '-');
        }

        return builder.ToString();
    }

    internal static string SafeId(string text) => Safe(text);
}
