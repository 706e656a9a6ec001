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
        var rows = await db.Outbox.Where(m => m.Status == OutboxStatus.Queued && m.NotBefore <= utcNow)
            .OrderBy(m => m.NotBefore).ThenBy(m => m.Id).Take(options.BatchSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return new SendRound(0, 0, 0, null, null);
        }

        var byId = rows.ToDictionary(r => r.Id);
        var sentToday = await SentTodayAsync(db, now, cancellationToken).ConfigureAwait(false);
        int sent = 0, dead = 0, deferred = 0;
        var reminders = new List<OutboxMessage>();
        string? problem = null;
        DateTime? next = null;
        foreach (var mail in compose(rows))
        {
            var mailRows = mail.RowIds.Select(id => byId[id]).ToList();
            if (RateLimited(now) is { } free)
            {
                next = free.UtcDateTime;
                break;
            }

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
                foreach (var address in addresses)
                {
                    sentToday[address] = sentToday.GetValueOrDefault(address) + 1;
                }

                _recentSends.Enqueue(time.GetUtcNow());
                if (mail.Reply is { } reply)
                {
                    ReplyTokens.Issue(db, reply.Token, reply.InstitutionId, reply.Round, reply.Language, utcNow,
                        reply.DueDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(options.ReplyTokenGraceDays), mail.Message.MessageId);
                }

                foreach (var row in mailRows)
                {
                    row.Status = OutboxStatus.Sent;
                    row.SentAt = utcNow;
                    row.Attempts++;
                    row.LastError = null;
                }

                sent += mailRows.Count;
                reminders.AddRange(mailRows.Where(r => MailComposer.IsReminder(r.Template)));
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                // The server refused this message for good (a recipient, the sender, the content):
                // only these rows stop; the rest of the round goes on.
                foreach (var row in mailRows)
                {
                    row.Status = OutboxStatus.DeadLetter;
                    row.Attempts++;
                    row.LastError = $"refused by the mail server ({(int)ex.StatusCode} {ex.ErrorCode}{(ex.Mailbox is null ? string.Empty : $" {ex.Mailbox.Address}")}): {ex.Message}";
                }

                dead += mailRows.Count;
            }
            catch (AuthenticationException ex)
            {
                problem = $"the mail server refused the credentials of {options.Smtp.UserName}: {ex.Message} (check {OutboxOptions.SectionName}:Smtp:UserName and Password)";
                db.Incidents.Add(new Incident { InstanceId = mailRows[0].InstanceId, Source = "outbox", At = utcNow, Attempt = mailRows[0].Attempts + 1, Message = problem });
                Defer(mailRows, utcNow, problem, ref deferred, ref dead, ref next);
                break;
            }
            catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The server is away or busy: everything waits for the next attempt, in order.
                problem = $"mail server unavailable: {ex.Message}";
                Defer(mailRows, utcNow, problem, ref deferred, ref dead, ref next);
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var group in reminders.GroupBy(r => r.Template))
        {
            PlanMetrics.Sent(group.Key, group.Count());
        }

        return new SendRound(sent, dead, deferred, problem, next);
    }

    /// <summary>
    /// Mails each address got today (in the plan's time zone). Rows a digest carried share their
    /// template, institution and send time, so those count once.
    /// </summary>
    private async Task<Dictionary<string, int>> SentTodayAsync(PlanDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var dayStart = TimeZoneInfo.ConvertTimeToUtc(local.Date, _zone);
        var sent = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Sent && m.SentAt >= dayStart)
            .Select(m => new { m.To, m.Cc, m.Template, m.InstitutionId, m.SentAt }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return sent.DistinctBy(m => (m.To, m.Cc, m.Template, m.InstitutionId, m.SentAt))
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

    private void Defer(List<OutboxMessage> rows, DateTime now, string problem, ref int deferred, ref int dead, ref DateTime? next)
    {
        foreach (var row in rows)
        {
            row.Attempts++;
            row.LastError = problem;
            if (row.Attempts >= options.MaxAttempts)
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
