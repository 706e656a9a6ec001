using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Core.Inbound;

/// <summary>
/// What one inbound mail is: a report (a filled reply form or free text), an auto-reply, an out-of-office notice,
/// a bounce, or unreadable. Pure: no database, no network; it never throws on the content of a mail.
/// </summary>
public static partial class InboundParser
{
    static InboundParser()
    {
        // windows-1250 (how older Outlook installs in the region send Montenegrin text) lives in the code pages provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Parses raw mail bytes; a stream longer than the limit is refused without being read.</summary>
    public static ParsedMail Parse(Stream raw, InboundParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(options);
        if (raw.CanSeek && raw.Length - raw.Position > options.MaxMessageBytes)
        {
            return TooLarge(raw.Length - raw.Position, options);
        }

        MimeMessage message;
        try
        {
            message = MimeMessage.Load(raw);
        }
        catch (FormatException ex)
        {
            return new ParsedMail { Kind = InboundKind.Unreadable, Warnings = [$"not a MIME message: {ex.Message}"] };
        }

        return Parse(message, options, raw.CanSeek ? raw.Length : null);
    }

    /// <param name="rawSize">The size of the raw message as received; larger than <see cref="InboundParserOptions.MaxMessageBytes"/> is refused.</param>
    public static ParsedMail Parse(MimeMessage message, InboundParserOptions options, long? rawSize = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var basics = new ParsedMail
        {
            Kind = InboundKind.Unreadable,
            MessageId = message.MessageId,
            InReplyTo = message.InReplyTo,
            References = [.. message.References],
            From = message.From.Mailboxes.FirstOrDefault()?.Address ?? message.Sender?.Address,
            Subject = message.Subject,
            Token = TokenFromAddresses(message, options, warnings),
        };

        if (rawSize > options.MaxMessageBytes)
        {
            return TooLarge(rawSize.Value, options) with
            {
                MessageId = basics.MessageId, InReplyTo = basics.InReplyTo, References = basics.References,
                From = basics.From, Subject = basics.Subject, Token = basics.Token,
            };
        }

        try
        {
            return Classify(message, options, basics, warnings);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or DecoderFallbackException or NotSupportedException)
        {
            // MimeKit is lenient, but a hostile mail should land in the review queue, not crash the reader.
            warnings.Add($"could not be read: {ex.Message}");
            return basics with { Kind = InboundKind.Unreadable, Warnings = warnings };
        }
    }

    /// <summary>Whether a parsed file looks like a mail at all (any of the headers every mail has).</summary>
    public static bool LooksLikeMail(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Headers.Any(h => h.Id is HeaderId.From or HeaderId.To or HeaderId.Date or HeaderId.MessageId or HeaderId.Subject or HeaderId.Received or HeaderId.ReturnPath);
    }

    private static ParsedMail TooLarge(long size, InboundParserOptions options) => new()
    {
        Kind = InboundKind.Unreadable,
        Warnings = [$"message is {size} bytes, larger than the limit of {options.MaxMessageBytes} bytes; not read"],
    };

    private static ParsedMail Classify(MimeMessage message, InboundParserOptions options, ParsedMail basics, List<string> warnings)
    {
        var body = MailBody.Read(message, warnings);

        if (Bounces.TryRead(message, body, options, out var bounce))
        {
            warnings.AddRange(bounce.Warnings);
            return basics with
            {
                Kind = bounce.Delayed ? InboundKind.AutoReply : InboundKind.Bounce,
                BouncedRecipients = bounce.Recipients,
                OriginalMessageId = bounce.OriginalMessageId,
                Warnings = warnings,
            };
        }

        var own = body.Text is null ? string.Empty : ReplyText.Strip(body.Text);
        var outOfOffice = AutoReplies.IsOutOfOfficeSubject(message.Subject);
        var automatic = AutoReplies.AutomaticHeader(message);
        if (automatic is not null || outOfOffice || AutoReplies.IsReadReceipt(message))
        {
            if (outOfOffice || (automatic is not null && AutoReplies.IsOutOfOfficeText(own)))
            {
                return basics with { Kind = InboundKind.OutOfOffice, FreeText = Empty(own), Absence = AutoReplies.Absence(own, message.Date), Warnings = warnings };
            }

            warnings.Add(automatic is null ? "read receipt" : $"automatic message ({automatic})");
            return basics with { Kind = InboundKind.AutoReply, FreeText = Empty(own), Warnings = warnings };
        }

        var attachments = body.Attachments;
        if (body.Text is null)
        {
            if (attachments.Count > 0)
            {
                return basics with { Kind = InboundKind.Report, Attachments = attachments, Warnings = [.. warnings, "no readable text; attachments only"] };
            }

            warnings.Add("no readable text in the message");
            return basics with { Kind = InboundKind.Unreadable, Warnings = warnings };
        }

        var lines = ReplyText.SplitLines(body.Text);
        var forms = ReplyForm.Find(lines);
        var filled = forms.FirstOrDefault(f => f.Filled);
        var token = basics.Token;
        if (filled is not null)
        {
            warnings.AddRange(filled.Warnings);
            var expected = (options.ExpectedActivityCodes ?? forms.Where(f => !f.Filled).SelectMany(f => f.Codes))
                .Select(ActivityCodes.Parse).OfType<ActivityReference>().Distinct().ToList();
            if (expected.Count > 0)
            {
                foreach (var item in filled.Items)
                {
                    // "EDU 1.1.2" must be an item sent; a bare "1.1.2" must name exactly one of them.
                    var named = ActivityCodes.Resolve(expected, e => e.AreaCode, e => e.Code, item.ActivityCode);
                    if (named.Count == 0)
                    {
                        warnings.Add($"[{item.ActivityCode}] is not an item of the form sent");
                    }
                    else if (named.Count > 1)
                    {
                        warnings.Add($"[{item.ActivityCode}] is ambiguous: the form sent has {string.Join(" and ", named.Select(n => ActivityCodes.Format(n.AreaCode, n.Code)))}");
                    }
                }
            }

            if (filled.Start >= ReplyText.QuoteStart(lines))
            {
                warnings.Add("the filled form is inside the quoted part of the reply");
            }
        }

        var formToken = (filled ?? forms.FirstOrDefault())?.Token;
        if (token is null && formToken is not null)
        {
            token = formToken;
            warnings.Add("token taken from the reply form, not from the address");
        }
        else if (token is not null && filled?.Token is { } t && !string.Equals(t, token, StringComparison.Ordinal))
        {
            warnings.Add($"the reply form names token {t} but the mail was sent to token {token}");
        }

        var free = string.Join('\n', ReplyText.OwnLines(lines, i => forms.Any(f => i >= f.Start && i <= f.End))).Trim();
        if (filled is null && free.Length == 0 && attachments.Count == 0)
        {
            warnings.Add("the reply has no text of its own");
            return basics with { Kind = InboundKind.Unreadable, Token = token, Warnings = warnings };
        }

        return basics with
        {
            Kind = InboundKind.Report,
            Token = token,
            Items = filled?.Items ?? [],
            FreeText = Empty(free),
            Attachments = attachments,
            Warnings = warnings,
        };
    }

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    private static string? TokenFromAddresses(MimeMessage message, InboundParserOptions options, List<string> warnings)
    {
        var tokens = new List<string>();
        var foreign = new List<string>();
        string[] headers = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "Resent-To"];
        foreach (var header in message.Headers.Where(h => headers.Contains(h.Field, StringComparer.OrdinalIgnoreCase)))
        {
            if (!InternetAddressList.TryParse(header.Value, out var list))
            {
                continue;
            }

            foreach (var mailbox in list.Mailboxes)
            {
                var m = PlusAddress().Match(mailbox.Address ?? string.Empty);
                if (!m.Success || !m.Groups["local"].Value.Equals(options.ReplyLocalPart, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                (m.Groups["domain"].Value.Equals(options.ReplyDomain, StringComparison.OrdinalIgnoreCase) ? tokens : foreign).Add(m.Groups["token"].Value);
            }
        }

        var distinct = tokens.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            warnings.Add($"several reply tokens ({string.Join(", ", distinct)}); the first is used");
        }

        if (distinct.Count == 0 && foreign.Count > 0)
        {
            warnings.Add($"reply address with a token at a domain other than {options.ReplyDomain}; ignored");
        }

        return distinct.FirstOrDefault();
    }

    [GeneratedRegex(@"^(?<local>[^+@\s]+)\+(?<token>[A-Za-z0-9_-]+)@(?<domain>[^@\s]+)$")]
    private static partial Regex PlusAddress();
}

/// <summary>The readable text of a mail and its attachments.</summary>
internal sealed partial record MailBody(string? Text, bool FromHtml, IReadOnlyList<ParsedAttachment> Attachments)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MailBody Read(MimeMessage message, List<string> warnings) => Read(message.Body, warnings, reparsed: false);

    private static MailBody Read(MimeEntity? root, List<string> warnings, bool reparsed)
    {
        var parts = new List<(MimeEntity Entity, bool InRelated)>();
        Walk(root, inRelated: false, parts, warnings, out var recovered);

        var plain = parts.Select(p => p.Entity).OfType<TextPart>().FirstOrDefault(t => !t.IsAttachment && t.IsPlain && !string.IsNullOrWhiteSpace(Decode(t, null)));
        var html = parts.Select(p => p.Entity).OfType<TextPart>().FirstOrDefault(t => !t.IsAttachment && t.IsHtml);
        string? text = null;
        var fromHtml = false;
        TextPart? chosen = null;
        if (plain is not null)
        {
            chosen = plain;
            text = Decode(plain, warnings);
            if (plain.ContentType.Parameters.TryGetValue("format", out string? format) && format!.Equals("flowed", StringComparison.OrdinalIgnoreCase))
            {
                var delsp = plain.ContentType.Parameters.TryGetValue("delsp", out string? d) && d!.Equals("yes", StringComparison.OrdinalIgnoreCase);
                text = Unflow(text, delsp);
            }
        }
        else if (html is not null)
        {
            chosen = html;
            text = HtmlText.Convert(Decode(html, warnings));
            fromHtml = true;
        }
        else if (recovered is not null)
        {
            warnings.Add("malformed MIME: the declared boundary does not occur; text recovered from the body");
            // The parts are usually all there under another boundary: parse them with the one the body actually uses.
            if (!reparsed && Boundary().Match(recovered) is { Success: true } b)
            {
                var type = new ContentType("multipart", "mixed") { Boundary = b.Groups["b"].Value };
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(recovered));
                var inner = Read(MimeEntity.Load(type, stream), warnings, reparsed: true);
                if (inner.Text is not null)
                {
                    return inner;
                }
            }

            text = string.Join('\n', ReplyText.SplitLines(recovered).Where(l => !Boundary().IsMatch(l) && !MimeHeader().IsMatch(l)));
        }

        var attachments = new List<ParsedAttachment>();
        var n = 0;
        foreach (var (entity, inRelated) in parts)
        {
            if (ReferenceEquals(entity, chosen) || (entity is TextPart t && !t.IsAttachment && (t.IsPlain || t.IsHtml)))
            {
                continue;
            }

            // Logos of an HTML signature: inline images of the message itself, not evidence.
            if (inRelated && entity is MimePart { IsAttachment: false, ContentId: not null })
            {
                continue;
            }

            n++;
            attachments.Add(entity switch
            {
                MimePart part => new ParsedAttachment(part.FileName ?? $"attachment-{n}", part.ContentType.MimeType.ToLowerInvariant(), DecodedSize(part)),
                MessagePart mp => new ParsedAttachment(mp.ContentDisposition?.FileName ?? $"message-{n}.eml", mp.ContentType.MimeType.ToLowerInvariant(), MessageSize(mp)),
                _ => new ParsedAttachment($"attachment-{n}", entity.ContentType.MimeType.ToLowerInvariant(), 0),
            });
        }

        return new MailBody(string.IsNullOrWhiteSpace(text) ? null : text.Replace("\r\n", "\n", StringComparison.Ordinal), fromHtml, attachments);
    }

    private static void Walk(MimeEntity? entity, bool inRelated, List<(MimeEntity, bool)> parts, List<string> warnings, out string? recovered)
    {
        recovered = null;
        switch (entity)
        {
            case null:
                return;
            case Multipart multipart:
                if (multipart.Count == 0 && !string.IsNullOrWhiteSpace(multipart.Preamble))
                {
                    // A boundary that never occurs leaves the whole body in the preamble.
                    recovered = multipart.Preamble;
                }

                var related = inRelated || multipart is MultipartRelated;
                foreach (var child in multipart)
                {
                    Walk(child, related, parts, warnings, out var inner);
                    recovered ??= inner;
                }

                return;
            default:
                parts.Add((entity, inRelated));
                return;
        }
    }

    /// <summary>Text of a part in its declared charset; an unknown or wrong charset falls back to UTF-8, then windows-1250.</summary>
    internal static string Decode(TextPart part, List<string>? warnings)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        var bytes = buffer.ToArray();
        var charset = part.ContentType.Charset;
        var declared = charset is null ? null : part.ContentType.CharsetEncoding;
        if (charset is not null && declared is null)
        {
            var (text, used) = Fallback(bytes);
            warnings?.Add($"unknown charset \"{charset}\"; read as {used}");
            return text;
        }

        if (declared is null || declared.CodePage == Encoding.UTF8.CodePage || declared.CodePage == 20127)
        {
            // Undeclared or ASCII-declared 8-bit text is usually UTF-8; invalid UTF-8 is most likely windows-1250 here.
            var (text, used) = Fallback(bytes);
            if (used != "UTF-8" && declared is not null)
            {
                warnings?.Add($"text declared as {charset} is not; read as {used}");
            }

            return text;
        }

        return declared.GetString(bytes);
    }

    private static (string Text, string Encoding) Fallback(byte[] bytes)
    {
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(1250).GetString(bytes), "windows-1250");
        }
    }

    /// <summary>
    /// RFC 3676 format=flowed: a line ending in a space continues on the next line of the same quote depth.
    /// Written here because the signature separator "-- " must stay a line of its own.
    /// </summary>
    internal static string Unflow(string text, bool deleteSpace)
    {
        var output = new StringBuilder();
        var current = new StringBuilder();
        var depth = -1;
        foreach (var raw in ReplyText.SplitLines(text))
        {
            var d = 0;
            while (d < raw.Length && raw[d] == '>')
            {
                d++;
            }

            var line = raw[d..];
            if (line.StartsWith(' '))
            {
                line = line[1..];
            }

            if (depth >= 0 && d != depth)
            {
                output.Append(current).Append('\n');
                current.Clear();
                depth = -1;
            }

            if (depth < 0)
            {
                current.Append(new string('>', d)).Append(d > 0 ? " " : string.Empty);
                depth = d;
            }

            var soft = line.EndsWith(' ') && line != "-- ";
            current.Append(soft && deleteSpace ? line[..^1] : line);
            if (!soft)
            {
                output.Append(current).Append('\n');
                current.Clear();
                depth = -1;
            }
        }

        if (current.Length > 0)
        {
            output.Append(current);
        }

        return output.ToString();
    }

    [GeneratedRegex(@"^--(?<b>[^\s-][^\s]*?)(--)?\s*$", RegexOptions.Multiline)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"^Content-[A-Za-z-]+:", RegexOptions.IgnoreCase)]
    private static partial Regex MimeHeader();

    private static long DecodedSize(MimePart part)
    {
        using var counter = new CountingStream();
        part.Content?.DecodeTo(counter);
        return counter.Length;
    }

    private static long MessageSize(MessagePart part)
    {
        using var counter = new CountingStream();
        part.Message?.WriteTo(counter);
        return counter.Length;
    }

    /// <summary>Measures without keeping: an attachment's size is all the parser reports of it.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;
    }
}
