using System.Text.RegularExpressions;
using MimeKit;

namespace PlanWorkflows.Core.Inbound;

internal sealed record BounceInfo(IReadOnlyList<string> Recipients, string? OriginalMessageId, bool Delayed, IReadOnlyList<string> Warnings);

/// <summary>Delivery failures: RFC 3464 reports, and the free-form notices older servers still send.</summary>
internal static partial class Bounces
{
    public static bool TryRead(MimeMessage message, MailBody body, InboundParserOptions options, out BounceInfo bounce)
    {
        bounce = new BounceInfo([], null, false, []);
        var report = message.Body is MultipartReport r && r.ReportType?.Equals("delivery-status", StringComparison.OrdinalIgnoreCase) == true;
        var status = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        var daemon = message.From.Mailboxes.Any(m => Daemon().IsMatch(m.LocalPart ?? string.Empty))
                     || message.Sender?.LocalPart is { } s && Daemon().IsMatch(s);
        var subject = FailureSubject().IsMatch(message.Subject ?? string.Empty);
        if (!report && status is null && !(daemon && subject))
        {
            return false;
        }

        var warnings = new List<string>();
        var recipients = new List<string>();
        var delayed = false;
        if (status is not null)
        {
            foreach (var group in status.StatusGroups.Skip(1))
            {
                var action = group["Action"]?.Trim().ToLowerInvariant();
                var recipient = AfterType(group["Final-Recipient"]) ?? AfterType(group["Original-Recipient"]);
                if (recipient is null)
                {
                    continue;
                }

                if (action is "failed" || (action is null && group["Status"]?.Trim().StartsWith('5') == true))
                {
                    recipients.Add(recipient.ToLowerInvariant());
                }
                else if (action is "delayed")
                {
                    delayed = true;
                }
            }

            if (recipients.Count == 0 && delayed)
            {
                warnings.Add("delivery delayed, not failed; the server keeps trying");
            }
        }

        if (recipients.Count == 0 && !delayed && body.Text is { } text)
        {
            recipients.AddRange(AddressesAboveCopy(text, message, options));
        }

        if (recipients.Count == 0 && !delayed)
        {
            warnings.Add("delivery failure without a recognisable recipient");
        }

        var original = message.BodyParts.OfType<MessagePart>().Select(p => p.Message?.MessageId).FirstOrDefault(id => id is not null)
            ?? (body.Text is { } t2 && MessageIdLine().Match(t2) is { Success: true } m ? m.Groups["id"].Value : null);
        bounce = new BounceInfo(recipients.Distinct(StringComparer.Ordinal).ToList(), original, delayed, warnings);
        return true;
    }

    /// <summary>Addresses a free-form notice names before the copy of the returned message, except ours and the daemon's.</summary>
    private static IEnumerable<string> AddressesAboveCopy(string text, MimeMessage message, InboundParserOptions options)
    {
        var copy = CopyMarker().Match(text);
        var head = copy.Success ? text[..copy.Index] : text;
        var senders = message.From.Mailboxes.Select(m => m.Address.ToLowerInvariant()).ToHashSet();
        foreach (Match m in Address().Matches(head))
        {
            var address = m.Value.Trim('.').ToLowerInvariant();
            var at = address.IndexOf('@', StringComparison.Ordinal);
            if (senders.Contains(address) || Daemon().IsMatch(address[..at])
                || address[(at + 1)..].Equals(options.ReplyDomain, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            yield return address;
        }
    }

    private static string? AfterType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>');
        return address.Length == 0 ? null : address;
    }

    [GeneratedRegex(@"^(mailer-daemon|postmaster|mail-daemon|maildaemon|bounce|bounces)$", RegexOptions.IgnoreCase)]
    private static partial Regex Daemon();

    [GeneratedRegex(@"undeliver|delivery status notification|delivery failure|failure notice|returned mail|mail delivery failed|delivery has failed|could not be delivered|nedostavljiv|nije isporu|isporuka nije|neuspje[sš]na isporuka|neisporu", RegexOptions.IgnoreCase)]
    private static partial Regex FailureSubject();

    [GeneratedRegex(@"^(-+\s*)?(below this line is a copy|this is a copy of the message|original message|original message headers|-+\s*the header of the original|return-path:|received:)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex CopyMarker();

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Address();

    [GeneratedRegex(@"^\s*Message-ID:\s*<(?<id>[^>\s]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdLine();
}
