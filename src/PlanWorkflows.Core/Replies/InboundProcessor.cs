using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Diagnostics;
using PlanWorkflows.Core.Inbound;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Runtime;

// EF Core translates ToLower() to SQL; string.Equals with a StringComparison it cannot.
#pragma warning disable CA1862

namespace PlanWorkflows.Core.Replies;

/// <summary>
/// Reads stored inbound mail: reports become report versions on the right obligations and resume
/// their workflows; auto-replies and bounces update the contact; anything that cannot be matched
/// or read waits for the Office in the review queue, with the raw mail kept.
/// </summary>
/// <param name="text">The catalogue's text in other languages: indicators answered under their Montenegrin labels count as the catalogue's.</param>
public sealed class InboundProcessor(Func<PlanDbContext> createContext, TimeProvider time, InboxOptions inbox, string replyDomain, PlanText? text = null)
{
    public async Task<int> ProcessNewAsync(CancellationToken cancellationToken = default)
    {
        var done = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var db = createContext();
            var next = await db.Inbound.Where(m => m.Status == InboundStatus.New).OrderBy(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (next == 0)
            {
                return done;
            }

            await ProcessAsync(next, cancellationToken).ConfigureAwait(false);
            done++;
        }

        return done;
    }

    /// <summary>One stored mail, whole: its reports, receipt and new status commit together.</summary>
    public async Task ProcessAsync(long inboundId, CancellationToken cancellationToken = default)
    {
        await using var db = createContext();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            // Every worker reads the inbox: two may pick the same mail. Its row is locked first (waiting for a worker
            // already at it), so the status read next is the committed one, and a mail another worker has handled
            // meanwhile is left alone instead of yielding a second report or incident.
            await RowLocks.LockAsync(db, db.Inbound.Where(m => m.Id == inboundId), m => m.Status, ct).ConfigureAwait(false);
            var message = await db.Inbound.FirstAsync(m => m.Id == inboundId, ct).ConfigureAwait(false);
            if (message.Status != InboundStatus.New)
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return;
            }

            await HandleAsync(db, message, ct).ConfigureAwait(false);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        // The attempt that committed is the one whose rows the context still tracks.
        PlanMetrics.Received("email", db.ChangeTracker.Entries<Report>().Count(e => e.Entity.InboundMessageId == inboundId));
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private async Task HandleAsync(PlanDbContext db, InboundMessage message, CancellationToken ct)
    {
        if (message.Raw.LongLength > inbox.MaxMessageBytes)
        {
            Review(message, "unreadable", $"too large to read ({message.Raw.LongLength / (1024 * 1024)} MB; the limit is {inbox.MaxMessageBytes / (1024 * 1024)} MB)");
            return;
        }

        MimeMessage mime;
        try
        {
            using var stream = new MemoryStream(message.Raw, writable: false);
            mime = await MimeMessage.LoadAsync(stream, ct).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            Review(message, "unreadable", $"not a readable mail: {ex.Message}");
            return;
        }

        var parsed = InboundParser.Parse(mime, new InboundParserOptions { ReplyDomain = replyDomain, MaxMessageBytes = inbox.MaxMessageBytes }, message.Raw.LongLength);
        message.Kind = ParsedMail.KindName(parsed.Kind);
        message.ResultJson = parsed.ToJson();
        switch (parsed.Kind)
        {
            case InboundKind.Bounce:
                await BounceAsync(db, message, parsed, ct).ConfigureAwait(false);
                return;
            case InboundKind.AutoReply:
            case InboundKind.OutOfOffice:
                await AwayAsync(db, message, parsed, ct).ConfigureAwait(false);
                return;
            case InboundKind.Report:
                await ReportAsync(db, message, mime, parsed, ct).ConfigureAwait(false);
                return;
            default:
                Review(message, message.Kind, "could not be read: " + string.Join("; ", parsed.Warnings));
                return;
        }
    }

    private async Task BounceAsync(PlanDbContext db, InboundMessage message, ParsedMail parsed, CancellationToken ct)
    {
        var addresses = parsed.BouncedRecipients.Select(a => a.ToLowerInvariant()).ToList();
        var contacts = await db.Contacts.Where(c => addresses.Contains(c.Email.ToLower())).ToListAsync(ct).ConfigureAwait(false);
        foreach (var contact in contacts)
        {
            contact.Undeliverable = true;
        }

        // The Office must find another address: an incident is what it watches.
        db.Incidents.Add(new Incident
        {
            Source = "inbox",
            At = Now,
            Attempt = 1,
            Message = contacts.Count > 0
                ? $"mail to {string.Join(", ", contacts.Select(c => $"{c.Email} ({c.InstitutionId})"))} bounced; the contact is marked undeliverable"
                : $"a bounce for {string.Join(", ", addresses)}, which is no known contact",
        });
        message.Status = InboundStatus.Processed;
        message.Note = $"bounce: {contacts.Count} contact(s) marked undeliverable";
    }

    private async Task AwayAsync(PlanDbContext db, InboundMessage message, ParsedMail parsed, CancellationToken ct)
    {
        var from = parsed.From?.ToLowerInvariant() ?? string.Empty;
        var contacts = await db.Contacts.Where(c => c.Email.ToLower() == from).ToListAsync(ct).ConfigureAwait(false);
        foreach (var contact in contacts)
        {
            // Remembered so the next mails go to the deputy as well.
            contact.OutOfOfficeUntil = parsed.Absence?.Until?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) ?? Now.AddDays(14);
        }

        message.Status = InboundStatus.Processed;
        message.Note = $"{message.Kind}: {contacts.Count} contact(s) marked away";
    }

    private async Task ReportAsync(PlanDbContext db, InboundMessage message, MimeMessage mime, ParsedMail parsed, CancellationToken ct)
    {
        var (token, problem) = await MatchAsync(db, parsed, ct).ConfigureAwait(false);
        if (token is null)
        {
            Review(message, message.Kind, problem ?? "not matched to an institution's round");
            return;
        }

        message.ReplyTokenId = token.Id;
        var from = parsed.From?.ToLowerInvariant() ?? string.Empty;
        var isContact = await db.Contacts.AnyAsync(c => c.InstitutionId == token.InstitutionId && c.Email.ToLower() == from, ct).ConfigureAwait(false);
        if (!isContact)
        {
            Review(message, message.Kind, $"sent by {parsed.From}, who is not a contact of {token.InstitutionId}");
            return;
        }

        var answered = parsed.Items.Where(i => i.Status is not null).ToList();
        if (answered.Count == 0)
        {
            Review(message, message.Kind, "a reply without a filled reply form; the Office attaches it to an obligation");
            return;
        }

        var obligations = await db.Obligations.Where(o => o.InstitutionId == token.InstitutionId && o.PeriodLabel == token.Round && !o.Removed).ToListAsync(ct).ConfigureAwait(false);
        var keys = obligations.Select(o => o.ActivityKey).Distinct().ToList();
        var activities = await db.Activities.AsNoTracking().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, ct).ConfigureAwait(false);
        var reports = new List<(Report Report, string Code)>();
        var indicatorNotes = new List<string>();
        foreach (var item in answered)
        {
            // "EDU 1.1.2" names one activity; a bare "1.1.2" only while this round holds that code in one area.
            var matching = ActivityCodes.Resolve(obligations, o => activities.GetValueOrDefault(o.ActivityKey)?.AreaCode, o => ActivityCodes.Short(o.ActivityKey), item.ActivityCode);
            if (matching.Count != 1)
            {
                Review(message, message.Kind, matching.Count == 0
                    ? $"[{item.ActivityCode}] is not an activity of {token.InstitutionId} in {token.Round}"
                    : $"[{item.ActivityCode}] is ambiguous: it names {string.Join(" and ", matching.Select(o => activities.GetValueOrDefault(o.ActivityKey)?.Reference ?? o.ActivityKey))} of {token.InstitutionId} in {token.Round}; write the area code too");
                return;
            }

            var activity = activities.GetValueOrDefault(matching[0].ActivityKey);
            var reference = activity?.Reference ?? item.ActivityCode;
            var report = await WorkflowEngine.SubmitReportAsync(db, matching[0].Id, item.Status!.Value, item.Narrative ?? string.Empty, "email", parsed.From ?? string.Empty, Now, ct).ConfigureAwait(false);
            report.ReplyTokenId = token.Id;
            report.InboundMessageId = message.Id;
            var indicators = IndicatorRule.FromJson(activity?.IndicatorsJson, activity?.Indicators);
            report.IndicatorsJson = IndicatorValues.ToJson(IndicatorValues.Match(
                indicators, item.Indicators, reference, indicatorNotes, activity is null ? null : text?.IndicatorAliases(activity.Key, indicators)));
            reports.Add((report, reference));
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        foreach (var attachment in mime.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            await attachment.Content!.DecodeToAsync(content, ct).ConfigureAwait(false);
            // Evidence belongs to the whole reply; it is kept with the first report it carried.
            db.Evidence.Add(new Evidence
            {
                ReportId = reports[0].Report.Id,
                FileName = Evidence.StoredFileName(attachment.FileName),
                ContentType = Evidence.StoredContentType(attachment.ContentType.MimeType),
                Size = content.Length,
                Content = content.ToArray(),
            });
        }

        await QueueReceiptAsync(db, token, reports, message, replyDomain, Now, ct).ConfigureAwait(false);
        message.Status = InboundStatus.Processed;
        message.Note = $"{reports.Count} report(s): {string.Join(", ", reports.Select(r => r.Code))}"
            + (indicatorNotes.Count > 0 ? $"; {string.Join("; ", indicatorNotes)}" : string.Empty);
    }

    private async Task<(ReplyToken? Token, string? Problem)> MatchAsync(PlanDbContext db, ParsedMail parsed, CancellationToken ct)
    {
        if (parsed.Token is { Length: > 0 } presented)
        {
            var check = await ReplyTokens.CheckAsync(db, presented, Now, ct).ConfigureAwait(false);
            switch (check.Check)
            {
                case TokenCheck.Valid:
                    return (check.Token, null);
                case TokenCheck.Expired:
                    return (null, $"the reply address's token expired on {check.Token!.ExpiresAt:yyyy-MM-dd}");
                case TokenCheck.Revoked:
                    return (null, "the reply address's token was revoked by the Office");
            }
        }

        var references = parsed.References.Append(parsed.InReplyTo).Where(r => !string.IsNullOrEmpty(r)).Select(r => r!.Trim('<', '>')).ToList();
        if (references.Count > 0)
        {
            var byReference = await db.ReplyTokens.AsNoTracking()
                .Where(t => t.MessageId != null && references.Contains(t.MessageId) && t.RevokedAt == null && t.ExpiresAt > Now)
                .OrderByDescending(t => t.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (byReference is not null)
            {
                return (byReference, null);
            }
        }

        // Last resort: the sender is a contact of exactly one institution with one open round.
        var from = parsed.From?.ToLowerInvariant() ?? string.Empty;
        var institutions = await db.Contacts.Where(c => c.Email.ToLower() == from).Select(c => c.InstitutionId).Distinct().ToListAsync(ct).ConfigureAwait(false);
        if (institutions.Count != 1)
        {
            return (null, institutions.Count == 0 ? $"no token, no known thread, and {parsed.From} is no known contact" : $"no token or thread; {parsed.From} is a contact of {institutions.Count} institutions");
        }

        var open = await db.ReplyTokens.AsNoTracking()
            .Where(t => t.InstitutionId == institutions[0] && t.RevokedAt == null && t.ExpiresAt > Now)
            .Select(t => t.Round).Distinct().ToListAsync(ct).ConfigureAwait(false);
        if (open.Count != 1)
        {
            return (null, $"no token or thread; {institutions[0]} has {open.Count} open rounds");
        }

        var latest = await db.ReplyTokens.AsNoTracking().Where(t => t.InstitutionId == institutions[0] && t.Round == open[0]).OrderByDescending(t => t.Id).FirstAsync(ct).ConfigureAwait(false);
        return (latest, null);
    }

    private static async Task QueueReceiptAsync(PlanDbContext db, ReplyToken token, List<(Report Report, string Code)> reports, InboundMessage message, string replyDomain, DateTime now, CancellationToken ct)
    {
        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == token.InstitutionId, ct).ConfigureAwait(false);
        var keys = await db.Obligations.AsNoTracking().Where(o => reports.Select(r => r.Report.ObligationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ActivityKey, ct).ConfigureAwait(false);
        var titles = await db.Activities.AsNoTracking().Where(a => keys.Values.Contains(a.Key)).ToDictionaryAsync(a => a.Key, a => a.Title, ct).ConfigureAwait(false);
        var model = new JsonObject
        {
            ["institutionId"] = token.InstitutionId,
            ["institution"] = token.Language == "en" ? institution?.NameEn : institution?.NameCnr,
            ["round"] = token.Round,
            ["period"] = token.Round,
            ["channel"] = "email",
            ["items"] = new JsonArray([.. reports.Select(r => (JsonNode)new JsonObject
            {
                ["code"] = r.Code,
                ["activityKey"] = keys.GetValueOrDefault(r.Report.ObligationId),
                ["title"] = keys.TryGetValue(r.Report.ObligationId, out var key) && titles.TryGetValue(key, out var title) ? title : r.Code,
                ["status"] = StatusNames.For(r.Report.Status, token.Language),
                ["narrative"] = r.Report.Narrative,
                ["version"] = r.Report.Version,
            })]),
        };
        db.Outbox.Add(new OutboxMessage
        {
            MessageId = $"pw.receipt.{message.Id}@{replyDomain}",
            ObligationId = reports[0].Report.ObligationId,
            InstitutionId = token.InstitutionId,
            Template = "report-received",
            Language = token.Language,
            To = message.From,
            ModelJson = model.ToJsonString(),
            CreatedAt = now,
            NotBefore = now,
            Status = OutboxStatus.Queued,
        });
    }

    private static void Review(InboundMessage message, string kind, string note)
    {
        message.Kind = kind;
        message.Status = InboundStatus.Review;
        message.Note = note;
    }
}
