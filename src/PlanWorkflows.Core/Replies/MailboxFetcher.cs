using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Utils;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Replies;

public sealed record FetchResult(int Stored, int Duplicates, long LastUid);

/// <summary>
/// Copies new mail from the reports mailbox into the database, raw, before anything reads it.
/// Progress is kept by UID (with the mailbox's UIDVALIDITY) in the same transaction as each
/// stored mail, so after a restart nothing is read twice and nothing is skipped; a mail seen
/// twice (same Message-Id) is stored once.
/// </summary>
public sealed class MailboxFetcher(Func<PlanDbContext> createContext, TimeProvider time, InboxOptions options)
{
    public async Task<FetchResult> FetchAsync(ImapClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var folder = string.Equals(options.Mailbox, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(options.Mailbox, cancellationToken).ConfigureAwait(false);
        if (!folder.IsOpen)
        {
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken).ConfigureAwait(false);
        }

        await using var db = createContext();
        var state = await db.Mailboxes.FirstOrDefaultAsync(m => m.Mailbox == options.Mailbox, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            state = new MailboxState { Mailbox = options.Mailbox, UidValidity = folder.UidValidity, LastUid = 0 };
            db.Mailboxes.Add(state);
        }
        else if (state.UidValidity != folder.UidValidity)
        {
            // The server renumbered the mailbox: start over; Message-Ids keep anything from being stored twice.
            state.UidValidity = folder.UidValidity;
            state.LastUid = 0;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // UID FETCH n:* answers with at least the last message even when nothing is newer, hence the filter.
        var uids = (await folder.FetchAsync(new UniqueIdRange(new UniqueId((uint)state.LastUid + 1), UniqueId.MaxValue), MessageSummaryItems.UniqueId, cancellationToken).ConfigureAwait(false))
            .Select(s => s.UniqueId)
            .Where(u => u.Id > state.LastUid)
            .OrderBy(u => u.Id)
            .ToList();

        int stored = 0, duplicates = 0;
        foreach (var uid in uids)
        {
            byte[] raw;
            await using (var stream = await folder.GetStreamAsync(uid, cancellationToken).ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                raw = buffer.ToArray();
            }

            var (messageId, from, subject) = Envelope(raw);
            if (await db.Inbound.AnyAsync(m => m.MessageId == messageId, cancellationToken).ConfigureAwait(false))
            {
                duplicates++;
            }
            else
            {
                db.Inbound.Add(new InboundMessage
                {
                    MessageId = messageId,
                    Mailbox = options.Mailbox,
                    Uid = uid.Id,
                    ReceivedAt = time.GetUtcNow().UtcDateTime,
                    From = from,
                    Subject = subject,
                    Raw = raw,
                    Status = InboundStatus.New,
                });
                stored++;
            }

            state.LastUid = uid.Id;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        return new FetchResult(stored, duplicates, state.LastUid);
    }

    /// <summary>Identity and headline of a raw mail, whatever state it is in.</summary>
    internal static (string MessageId, string From, string Subject) Envelope(byte[] raw)
    {
        string? messageId = null, from = null, subject = null;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var headers = HeaderList.Load(stream);
            messageId = headers[HeaderId.MessageId] is { } id ? MimeUtils.EnumerateReferences(id).FirstOrDefault() ?? id.Trim() : null;
            from = headers[HeaderId.From] is { } f && InternetAddressList.TryParse(f, out var list) ? list.Mailboxes.FirstOrDefault()?.Address : null;
            subject = headers[HeaderId.Subject];
        }
        catch (FormatException)
        {
            // Unparseable headers: the mail is still kept, under a name made from its bytes.
        }

        messageId ??= "sha256." + Convert.ToHexStringLower(SHA256.HashData(raw)) + "@inbound";
        return (Truncate(messageId, 300), Truncate(from ?? string.Empty, 320), Truncate(subject ?? string.Empty, 500));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
