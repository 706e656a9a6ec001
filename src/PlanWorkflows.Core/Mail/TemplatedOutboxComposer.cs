using PlanWorkflows.Core.Replies;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MimeKit;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Mail;

/// <summary>
/// The outbox's composer: reminder rows of one institution, round and day become one digest;
/// every other row is one mail. Templates render in the row's language; the message keeps the
/// Message-Id of its (first) row, so a resend is recognisable.
/// </summary>
/// <param name="newToken">Makes the reply token of a single mail; by default 22 random URL-safe characters. A simulation passes a seeded one so its mails repeat.</param>
/// <param name="text">The catalogue's text in the other languages, for the activity titles a single mail names (digests take theirs from <paramref name="digests"/>).</param>
public sealed class TemplatedOutboxComposer(MailTemplates templates, MailComposer composer, DigestBuilder digests, MailOptions options, Func<string>? newToken = null,
    PlanText? text = null)
{
    private readonly Func<string> _newToken = newToken ?? ReplyTokens.NewToken;

    public IReadOnlyList<ComposedMail> Compose(IReadOnlyList<OutboxMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var byId = rows.ToDictionary(r => r.Id);
        var result = new List<ComposedMail>();
        var covered = new HashSet<long>();
        foreach (var digest in digests.Build(rows))
        {
            var first = byId[digest.RowIds[0]];
            var thread = MailComposer.ThreadId(digest.InstitutionId, digest.Round, options.ReplyDomain);
            var message = composer.Compose(templates.Render(digest.Template, digest.Language, digest.Model), new MailEnvelope
            {
                Template = digest.Template,
                To = digest.To,
                Cc = digest.Cc,
                MessageId = first.MessageId,
                ReplyToken = digest.Model.ReplyToken,
                ThreadId = thread,
                References = [thread],
                Reminder = digest.Reminder,
            });
            result.Add(new ComposedMail(message, digest.RowIds)
            {
                Reply = new ReplyScope(digest.Model.ReplyToken, digest.InstitutionId, digest.Round, digest.Language, digest.Model.DueDate ?? digest.Day),
            });
            covered.UnionWith(digest.RowIds);
        }

        foreach (var row in rows.Where(r => !covered.Contains(r.Id)))
        {
            var model = JsonNode.Parse(row.ModelJson) as JsonObject ?? [];
            if (text is not null)
            {
                Localize(model, text, row.Language);
            }

            var token = _newToken();
            model["replyToken"] = token;
            model["formUrl"] = options.FormUrl(token);
            var thread = row.InstitutionId is not null && model["period"]?.GetValue<string>() is { } period
                ? MailComposer.ThreadId(row.InstitutionId, period, options.ReplyDomain)
                : null;
            var message = composer.Compose(templates.Render(row.Template, row.Language, model), new MailEnvelope
            {
                Template = row.Template,
                To = Split(row.To),
                Cc = Split(row.Cc),
                MessageId = row.MessageId,
                ReplyToken = token,
                ThreadId = thread,
                References = thread is null ? [] : [thread],
            });
            Attach(message, model["attachments"] as JsonArray);
            var due = model["dueDate"]?.GetValue<string>() is { } dueText && DateOnly.TryParseExact(dueText, "yyyy-MM-dd", out var parsed) ? parsed : (DateOnly?)null;
            result.Add(new ComposedMail(message, [row.Id])
            {
                Reply = row.InstitutionId is not null && model["period"]?.GetValue<string>() is { } round && due is { } dueDate
                    ? new ReplyScope(token, row.InstitutionId, round, row.Language, dueDate)
                    : null,
            });
        }

        return result;
    }

    /// <summary>
    /// The catalogue text a queued model carries in English (it is written when the state changes, whatever the reader's
    /// language), in the row's language: the activity's title and area, and each item's title, by activity key.
    /// </summary>
    internal static void Localize(JsonObject model, PlanText text, string language)
    {
        if (!MailLanguages.IsMontenegrin(language))
        {
            return;
        }

        var words = MailLanguages.TextLanguage(language);
        if (Value(model, "activityKey") is { } key)
        {
            if (Value(model, "activityTitle") is { } title)
            {
                model["activityTitle"] = text.ActivityText(key, "title", words, title);
            }

            if (Value(model, "areaTitle") is { } area)
            {
                model["areaTitle"] = text.AreaOfActivity(key, words, area);
            }
        }

        foreach (var item in (model["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Value(item, "activityKey") is { } itemKey && Value(item, "title") is { } itemTitle)
            {
                item["title"] = text.ActivityText(itemKey, "title", words, itemTitle);
            }
        }
    }

    private static string? Value(JsonObject model, string name) =>
        model[name] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    /// <summary>Files named in the model (a meeting pack) go with the message; the body becomes the first part of a mixed multipart.</summary>
    private static void Attach(MimeMessage message, JsonArray? files)
    {
        var paths = files?.Select(f => f?.GetValue<string>()).OfType<string>().Where(File.Exists).ToList() ?? [];
        if (paths.Count == 0)
        {
            return;
        }

        var mixed = new Multipart("mixed");
        if (message.Body is { } body)
        {
            mixed.Add(body);
        }

        foreach (var path in paths)
        {
            mixed.Add(new MimePart(MimeTypes.GetMimeType(path))
            {
                // Read now: the part must not hold the archive file open until the message is sent.
                Content = new MimeContent(new MemoryStream(File.ReadAllBytes(path))),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = Path.GetFileName(path),
            });
        }

        message.Body = mixed;
    }

    private static List<string> Split(string? list) =>
        [.. (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
