using System.Diagnostics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Diagnostics;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Mail;

/// <summary>One message to send and the outbox rows it carries (a digest carries several).</summary>
public sealed record ComposedMail(MimeMessage Message, IReadOnlyList<long> RowIds)
{
    /// <summary>The reply token the message carries and what it answers for; stored (hashed) once the message is sent.</summary>
    public ReplyScope? Reply { get; init; }
}

/// <summary>One institution's round, as a reply token covers it; it stays valid until the round closes plus a grace period.</summary>
public sealed record ReplyScope(string Token, string InstitutionId, string Round, string Language, DateOnly DueDate);

/// <summary>Turns queued rows into messages: templates, digests, attachments.</summary>
public delegate IReadOnlyList<ComposedMail> OutboxComposer(IReadOnlyList<OutboxMessage> rows);

public sealed record SendRound(int Sent, int DeadLettered, int Deferred, string? Problem, DateTime? NextAttempt);

/// <summary>
/// Drains the outbox. Rows were written in the transaction that decided to mail, so nothing is
/// lost while SMTP is down: a failed send leaves its rows queued with a later attempt time, a
/// permanent refusal dead-letters only the rows concerned, and a message is sent under the row's
/// stable Message-Id so a resend after a crash is recognisable.
/// </summary>
public sealed class OutboxSender(Func<PlanDbContext> createContext, TimeProvider time, IMailTransport transport, OutboxComposer compose, OutboxOptions options, WorkingDayCalendar calendar)
{
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    public async Task<SendRound> SendDueAsync(CancellationToken cancellationToken = default)
    {
        using var activity = PlanMetrics.Source.StartActivity("outbox.send");
        var round = await SendDueCoreAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag("planworkflows.sent", round.Sent).SetTag("planworkflows.dead_lettered", round.DeadLettered).SetTag("planworkflows.deferred", round.Deferred);
        if (round.Problem is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, round.Problem);
        }

        return round;
    }

    private async Task<SendRound> SendDueCoreAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (NextWindowOpening(now) is { } opening)
        {
            return new SendRound(0, 0, 0, null, opening.UtcDateTime);
        }

        await using var db = createContext();
        var utcNow = now.UtcDateTime;
        var claims = await ClaimAsync(db, utcNow, cancellationToken).ConfigureAwait(false);
        if (claims.Count == 0)
        {
            return new SendRound(0, 0, 0, null, null);
        }

        var ids = claims.Keys.ToList();
        // Read even when the host is stopping: claimed rows not read here could not be given back below.
        var rows = await db.Outbox.Where(m => ids.Contains(m.Id)).ToListAsync(CancellationToken.None).ConfigureAwait(false);
        // A row withdrawn between the claim and this read (a report came in and stopped the ladder) is not sent.
        rows = [.. rows.Where(r => r.Status == OutboxStatus.Queued).OrderBy(r => claims[r.Id]).ThenBy(r => r.Id)];
        var handled = new HashSet<long>();
        Exception? failure = null;
        try
        {
            return await SendClaimedAsync(db, rows, claims, handled, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            // Rows this round did not get to (rate limit, an unavailable server, a failure) are due again at once, not when the claim runs out.
            foreach (var row in rows.Where(r => !handled.Contains(r.Id)))
            {
                row.NotBefore = claims[row.Id];
            }

            try
            {
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception) when (failure is not null)
            {
                // The round's own error is the one to report; the rows come back when their claims run out.
            }
        }
    }

    /// <summary>
    /// Claims due rows for this host: several workers drain one outbox, and each row must leave
    /// through one of them only. A claim moves the row's next attempt past the claim duration in
    /// one conditional update per row, so of two hosts that read the same row one wins it; a host
    /// that dies holding rows leaves them due again once the claim runs out.
    /// </summary>
    /// <remarks>
    /// A batch takes with each row every other due row of its institution and template: those go out as
    /// one digest, which neither the batch size nor a second worker may cut in two. The rows are claimed
    /// in one order by every host, in one transaction, so a racing host wins all of them or none.
    /// </remarks>
    private async Task<Dictionary<long, DateTime>> ClaimAsync(PlanDbContext db, DateTime utcNow, CancellationToken cancellationToken)
    {
        var batch = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Queued && m.NotBefore <= utcNow)
            .OrderBy(m => m.NotBefore).ThenBy(m => m.Id).Take(options.BatchSize)
            .Select(m => new DueRow(m.Id, m.NotBefore, m.Template, m.InstitutionId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var institutions = batch.Where(r => r.InstitutionId != null).Select(r => r.InstitutionId).Distinct().ToList();
        var digests = batch.Where(r => r.InstitutionId != null).Select(r => (r.Template, r.InstitutionId)).ToHashSet();
        var siblings = institutions.Count == 0 ? [] : await db.Outbox.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Queued && m.NotBefore <= utcNow && institutions.Contains(m.InstitutionId))
            .Select(m => new DueRow(m.Id, m.NotBefore, m.Template, m.InstitutionId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var due = batch.Concat(siblings.Where(s => digests.Contains((s.Template, s.InstitutionId))))
            .DistinctBy(r => r.Id).OrderBy(r => r.NotBefore).ThenBy(r => r.Id).ToList();
        var until = utcNow + options.ClaimDuration;
        // One transaction: on SQLite one wait for the write lock instead of one per row; SQL Server's
        // retrying strategy replays it whole (a deadlock between two claiming hosts is transient).
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            var claimed = new Dictionary<long, DateTime>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            foreach (var row in due)
            {
                var won = await db.Outbox.Where(m => m.Id == row.Id && m.Status == OutboxStatus.Queued && m.NotBefore <= utcNow)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.NotBefore, until), ct).ConfigureAwait(false);
                if (won == 1)
                {
                    claimed[row.Id] = row.NotBefore;
                }
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return claimed;
        }, cancellationToken).ConfigureAwait(false);
    }

    private sealed record DueRow(long Id, DateTime NotBefore, string Template, string? InstitutionId);

    private async Task<SendRound> SendClaimedAsync(PlanDbContext db, List<OutboxMessage> rows, Dictionary<long, DateTime> claims, HashSet<long> handled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.UtcDateTime;
        var byId = rows.ToDictionary(r => r.Id);
        var sentToday = await RecentSendsAsync(db, now, cancellationToken).ConfigureAwait(false);
        int sent = 0, dead = 0, deferred = 0;
        string? problem = null;
        DateTime? next = null;
        foreach (var mail in ComposeAsQueued(rows, claims))
        {
            var mailRows = mail.RowIds.Select(id => byId[id]).ToList();
            if (cancellationToken.IsCancellationRequested)
            {
                // The host is stopping: no new mail is started; the rest are given back below.
                break;
            }

            if (time.GetUtcNow() - now > options.ClaimDuration / 2)
            {
                // A slow server has used half the claim: the rest go back now, due at once, rather than be
                // sent after the claim lapsed, when another worker may have claimed and sent them too.
                break;
            }

            if (RateLimited(time.GetUtcNow()) is { } free)
            {
                next = free.UtcDateTime;
                break;
            }

            handled.UnionWith(mail.RowIds);
            var addresses = mail.Message.To.Mailboxes.Concat(mail.Message.Cc.Mailboxes).Select(m => m.Address.ToLowerInvariant()).Distinct().ToList();
            if (addresses.FirstOrDefault(a => sentToday.GetValueOrDefault(a) >= options.MaxMailsPerContactPerDay) is { } capped)
            {
                // Nobody is flooded: what is over the day's limit goes out on the next working day.
                var tomorrow = NextWindowOpening(TomorrowMorning(now))?.UtcDateTime ?? TomorrowMorning(now).UtcDateTime;
                foreach (var row in mailRows)
                {
                    row.NotBefore = tomorrow;
                    row.LastError = $"{capped} has had {options.MaxMailsPerContactPerDay} mails today; postponed to the next working day";
                }

                deferred += mailRows.Count;
                continue;
            }

            try
            {
                await transport.SendAsync(mail.Message, cancellationToken).ConfigureAwait(false);
                // The moment it left, not the round's start: the shared rate limit counts the last minute from it.
                var sentAt = time.GetUtcNow().UtcDateTime;
                foreach (var address in addresses)
                {
                    sentToday[address] = sentToday.GetValueOrDefault(address) + 1;
                }

                _recentSends.Enqueue(new DateTimeOffset(sentAt, TimeSpan.Zero));
                if (mail.Reply is { } reply)
                {
                    ReplyTokens.Issue(db, reply.Token, reply.InstitutionId, reply.Round, reply.Language, utcNow,
                        reply.DueDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(options.ReplyTokenGraceDays), mail.Message.MessageId);
                }

                foreach (var row in mailRows)
                {
                    row.Status = OutboxStatus.Sent;
                    row.NotBefore = claims[row.Id];
                    row.SentAt = sentAt;
                    row.Attempts++;
                    row.LastError = null;
                }

                sent += mailRows.Count;
                // Recorded at once: a host killed later in the round must not leave this mail to be sent again.
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                // Counted once recorded, so a round that fails later still counts what it sent.
                foreach (var group in mailRows.Where(r => MailComposer.IsReminder(r.Template)).GroupBy(r => r.Template))
                {
                    PlanMetrics.Sent(group.Key, group.Count());
                }
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                // The server refused this message for good (a recipient, the sender, the content):
                // only these rows stop; the rest of the round goes on.
                foreach (var row in mailRows)
                {
                    row.Status = OutboxStatus.DeadLetter;
                    row.NotBefore = claims[row.Id];
                    row.Attempts++;
                    row.LastError = $"refused by the mail server ({(int)ex.StatusCode} {ex.ErrorCode}{(ex.Mailbox is null ? string.Empty : $" {ex.Mailbox.Address}")}): {ex.Message}";
                }

                dead += mailRows.Count;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped while connecting: the server has not been handed this mail, so its rows are due again at once.
                handled.ExceptWith(mail.RowIds);
                break;
            }
            catch (Exception ex) when (ex is AuthenticationException or ServiceNotAuthenticatedException)
            {
                problem = $"the mail server refused the credentials of {options.Smtp.UserName}: {ex.Message} (check {OutboxOptions.SectionName}:Smtp:UserName and Password)";
                db.Incidents.Add(new Incident { InstanceId = mailRows[0].InstanceId, Source = "outbox", At = utcNow, Attempt = mailRows[0].Attempts + 1, Message = problem });
                Defer(mailRows, utcNow, problem, countsTowardsLimit: false, ref deferred, ref dead, ref next);
                break;
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or SocketException or IOException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The server is away or busy: everything waits for the next attempt, in order.
                problem = $"mail server unavailable: {ex.Message}";
                // Only a server that answered and declined this message (4xx) counts towards giving it up;
                // an outage of the server or of the pickup folder's disk says nothing about the message.
                Defer(mailRows, utcNow, problem, countsTowardsLimit: ex is SmtpCommandException, ref deferred, ref dead, ref next);
                break;
            }
        }

        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return new SendRound(sent, dead, deferred, problem, next);
    }

    /// <summary>
    /// The composer sees the rows as they were queued (digests group by the day a row became due,
    /// not by when this host's claim runs out); what it adds to a row's model is kept.
    /// </summary>
    private IReadOnlyList<ComposedMail> ComposeAsQueued(List<OutboxMessage> rows, Dictionary<long, DateTime> claims)
    {
        var copies = rows.Select(r => new OutboxMessage
        {
            Id = r.Id, MessageId = r.MessageId, InstanceId = r.InstanceId, ObligationId = r.ObligationId, InstitutionId = r.InstitutionId,
            Template = r.Template, Language = r.Language, To = r.To, Cc = r.Cc, ModelJson = r.ModelJson, CreatedAt = r.CreatedAt,
            NotBefore = claims[r.Id], Status = r.Status, Attempts = r.Attempts, SentAt = r.SentAt, LastError = r.LastError,
        }).ToList();
        var mails = compose(copies);
        foreach (var (row, copy) in rows.Zip(copies))
        {
            row.ModelJson = copy.ModelJson;
        }

        return mails;
    }

    /// <summary>
    /// Mails each address got today (in the plan's time zone), and the mails of the last minute, which
    /// the rate limit counts: those every worker sent, so several workers together keep to
    /// <see cref="OutboxOptions.MessagesPerMinute"/>. Rows a digest carried share their template,
    /// institution, addresses and send time, so those count once; any other row is a mail of its own.
    /// </summary>
    private async Task<Dictionary<string, int>> RecentSendsAsync(PlanDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var dayStart = TimeZoneInfo.ConvertTimeToUtc(local.Date, _zone);
        var minuteAgo = (now - TimeSpan.FromMinutes(1)).UtcDateTime;
        var since = dayStart < minuteAgo ? dayStart : minuteAgo;
        var sent = (await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent && m.SentAt >= since)
            .Select(m => new { m.Id, m.To, m.Cc, m.Template, m.InstitutionId, m.SentAt }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .DistinctBy(m => MailComposer.IsDigest(m.Template) && m.InstitutionId != null ? $"{m.To}|{m.Cc}|{m.Template}|{m.InstitutionId}|{m.SentAt:O}" : $"#{m.Id}", StringComparer.Ordinal).ToList();
        _recentSends.Clear();
        foreach (var at in sent.Select(m => m.SentAt!.Value).Where(at => at > minuteAgo).Order())
        {
            _recentSends.Enqueue(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));
        }

        return sent.Where(m => m.SentAt >= dayStart)
            .SelectMany(m => $"{m.To},{m.Cc}".Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .GroupBy(a => a.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private DateTimeOffset TomorrowMorning(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var morning = local.Date.AddDays(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(morning, _zone), TimeSpan.Zero);
    }

    private void Defer(List<OutboxMessage> rows, DateTime now, string problem, bool countsTowardsLimit, ref int deferred, ref int dead, ref DateTime? next)
    {
        foreach (var row in rows)
        {
            row.Attempts++;
            row.LastError = problem;
            if (countsTowardsLimit && row.Attempts >= options.MaxAttempts)
            {
                row.Status = OutboxStatus.DeadLetter;
                dead++;
                continue;
            }

            var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.RetryDelay.Ticks * (1L << Math.Min(row.Attempts - 1, 20))));
            row.NotBefore = now + delay;
            next = next is null || row.NotBefore < next ? row.NotBefore : next;
            deferred++;
        }
    }

    private DateTimeOffset? RateLimited(DateTimeOffset now)
    {
        while (_recentSends.Count > 0 && _recentSends.Peek() <= now - TimeSpan.FromMinutes(1))
        {
            _recentSends.Dequeue();
        }

        return _recentSends.Count >= options.MessagesPerMinute ? _recentSends.Peek() + TimeSpan.FromMinutes(1) : null;
    }

    /// <summary>Null inside the send window; else when it next opens.</summary>
    public DateTimeOffset? NextWindowOpening(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (calendar.IsWorkingDay(date) && local.Hour >= options.WindowStartHour && local.Hour < options.WindowEndHour)
        {
            return null;
        }

        var opening = calendar.IsWorkingDay(date) && local.Hour < options.WindowStartHour ? date : calendar.AddWorkingDays(date, 1);
        var openingLocal = opening.ToDateTime(new TimeOnly(options.WindowStartHour, 0));
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(openingLocal, _zone), TimeSpan.Zero);
    }
}
