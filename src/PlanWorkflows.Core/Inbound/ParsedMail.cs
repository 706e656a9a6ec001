using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Inbound;

public enum InboundKind { Report, AutoReply, OutOfOffice, Bounce, Unreadable }

/// <summary>One item of a filled reply form.</summary>
public sealed record ParsedItem(string ActivityCode, ImplementationStatus? Status, Dictionary<string, string> Indicators, string? Narrative)
{
    /// <summary>The status as written, so the Office can see what an unrecognised word was.</summary>
    public string? StatusText { get; init; }
}

public sealed record ParsedAttachment(string FileName, string ContentType, long Size);

/// <summary>The dates an out-of-office reply states, as far as they could be read.</summary>
public sealed record AbsencePeriod(DateOnly? From, DateOnly? Until);

/// <summary>What the inbox reader makes of one inbound mail; pure data, nothing stored.</summary>
public sealed record ParsedMail
{
    public required InboundKind Kind { get; init; }

    public string? Token { get; init; }

    public string? MessageId { get; init; }

    public string? InReplyTo { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    public string? From { get; init; }

    public string? Subject { get; init; }

    public IReadOnlyList<ParsedItem> Items { get; init; } = [];

    /// <summary>The sender's own text, without quoted history, signature or the form itself.</summary>
    public string? FreeText { get; init; }

    public IReadOnlyList<ParsedAttachment> Attachments { get; init; } = [];

    public IReadOnlyList<string> BouncedRecipients { get; init; } = [];

    /// <summary>For a bounce: the Message-Id of our mail that could not be delivered.</summary>
    public string? OriginalMessageId { get; init; }

    public AbsencePeriod? Absence { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static string KindName(InboundKind kind) => kind switch
    {
        InboundKind.Report => "report",
        InboundKind.AutoReply => "auto-reply",
        InboundKind.OutOfOffice => "out-of-office",
        InboundKind.Bounce => "bounce",
        _ => "unreadable",
    };

    public string ToJson(bool indented = true)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps "č" and "–" readable for the Office; the output is never embedded in HTML.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("kind", KindName(Kind));
            w.WriteString("token", Token);
            w.WriteString("messageId", MessageId);
            w.WriteString("inReplyTo", InReplyTo);
            WriteStrings(w, "references", References);
            w.WriteString("from", From);
            w.WriteString("subject", Subject);
            w.WriteStartArray("items");
            foreach (var item in Items)
            {
                w.WriteStartObject();
                w.WriteString("activityCode", item.ActivityCode);
                w.WriteString("status", item.Status?.ToString());
                w.WriteString("statusText", item.StatusText);
                w.WriteStartObject("indicators");
                foreach (var (name, value) in item.Indicators)
                {
                    w.WriteString(name, value);
                }

                w.WriteEndObject();
                w.WriteString("narrative", item.Narrative);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("freeText", FreeText);
            w.WriteStartArray("attachments");
            foreach (var a in Attachments)
            {
                w.WriteStartObject();
                w.WriteString("fileName", a.FileName);
                w.WriteString("contentType", a.ContentType);
                w.WriteNumber("size", a.Size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteStrings(w, "bouncedRecipients", BouncedRecipients);
            w.WriteString("originalMessageId", OriginalMessageId);
            if (Absence is null)
            {
                w.WriteNull("absence");
            }
            else
            {
                w.WriteStartObject("absence");
                w.WriteString("from", Absence.From?.ToString("yyyy-MM-dd"));
                w.WriteString("until", Absence.Until?.ToString("yyyy-MM-dd"));
                w.WriteEndObject();
            }

            WriteStrings(w, "warnings", Warnings);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
