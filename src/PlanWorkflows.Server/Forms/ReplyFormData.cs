using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Diagnostics;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Forms;

/// <summary>A report as the receipt shows it.</summary>
public sealed record ReceiptItem(string Code, string Title, int Version, ImplementationStatus Status, string Narrative, IReadOnlyDictionary<string, JsonElement> Indicators, string Links, IReadOnlyList<string> Attachments);

public sealed record Receipt(DateTime SubmittedAt, string SubmittedBy, IReadOnlyList<ReceiptItem> Items);

/// <summary>The form's queries and its two writes: a draft, and a submission with its receipt mail.</summary>
public static class ReplyFormData
{
    public const string Channel = "form";

    /// <param name="text">The catalogue's text in other languages: titles, areas and indicator labels in the link's language. Null: as stored (English).</param>
    public static async Task<IReadOnlyList<FormItem>> LoadItemsAsync(PlanDbContext db, ReplyToken token, CancellationToken cancellationToken, PlanText? text = null)
    {
        var obligations = await db.Obligations.AsNoTracking()
            .Where(o => o.InstitutionId == token.InstitutionId && o.PeriodLabel == token.Round && !o.Removed)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = obligations.Select(o => o.Id).ToList();
        var keys = obligations.Select(o => o.ActivityKey).Distinct().ToList();
        var activities = await db.Activities.AsNoTracking().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, cancellationToken).ConfigureAwait(false);
        // Versions are few per obligation; reading them all is simpler than a per-group join every provider translates.
        var versions = await db.Reports.AsNoTracking().Where(r => ids.Contains(r.ObligationId))
            .Select(r => new { r.ObligationId, r.Version, r.SubmittedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var latestReports = versions.GroupBy(v => v.ObligationId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(v => v.Version).Select(v => new LatestReport(v.Version, v.SubmittedAt)).First());
        var pending = (await db.Extensions.AsNoTracking().Where(e => ids.Contains(e.ObligationId) && e.Status == ExtensionStatus.Requested)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.ObligationId, e => new PendingExtension(e.Id, e.RequestedDueDate, e.RequestedBy, e.RequestedAt));

        return [.. obligations
            .Select(o =>
            {
                var activity = activities.GetValueOrDefault(o.ActivityKey);
                var title = activity?.Title ?? o.ActivityKey;
                var fields = IndicatorFields.For(activity?.IndicatorsJson, activity?.Indicators);
                return new FormItem(o.Id, activity?.Reference ?? o.ActivityKey, Words(text, o.ActivityKey, "title", title, token.Language), o.DueDate,
                    Labelled(text, o.ActivityKey, activity, fields, token.Language), latestReports.GetValueOrDefault(o.Id))
                {
                    ActivityKey = o.ActivityKey,
                    Area = activity?.AreaTitle is { } area && text is not null && MailLanguages.IsMontenegrin(token.Language)
                        ? text.AreaOfActivity(o.ActivityKey, MailLanguages.TextLanguage(token.Language), area) : activity?.AreaTitle,
                    Extension = pending.GetValueOrDefault(o.Id),
                    IsClosed = !Extensions.CanExtend(o.Status),
                };
            })
            .OrderBy(i => i.DueDate).ThenBy(i => ActivityCodes.Parse(i.Code)?.AreaCode ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(i => ActivityCodes.Parse(i.Code)?.Code ?? i.Code, ActivityCodes.Order)];
    }

    /// <summary>An activity's field in the link's language (the Latin text; a Cyrillic page is transliterated whole).</summary>
    private static string Words(PlanText? text, string activityKey, string field, string english, string language) =>
        text is not null && MailLanguages.IsMontenegrin(language) ? text.ActivityText(activityKey, field, MailLanguages.TextLanguage(language), english) : english;

    private static IReadOnlyList<IndicatorField> Labelled(PlanText? text, string activityKey, ActivityRecord? activity, IReadOnlyList<IndicatorField> fields, string language)
    {
        if (text is null || !MailLanguages.IsMontenegrin(language) || fields.Count == 0)
        {
            return fields;
        }

        var labels = text.IndicatorLabels(activityKey, IndicatorRule.FromJson(activity?.IndicatorsJson, activity?.Indicators), MailLanguages.TextLanguage(language));
        return labels.Count == fields.Count ? [.. fields.Select((f, i) => f with { Label = labels[i] })] : fields;
    }

    /// <summary>What the form starts with: the draft when it is newer than the last report, else the last report.</summary>
    public static async Task<Dictionary<long, ItemAnswer>> LoadPrefillAsync(PlanDbContext db, ReplyToken token, IReadOnlyList<FormItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.ObligationId).ToList();
        var drafts = await db.FormDrafts.AsNoTracking().Where(d => d.ReplyTokenId == token.Id && ids.Contains(d.ObligationId))
            .ToDictionaryAsync(d => d.ObligationId, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<long, ItemAnswer>();
        foreach (var item in items)
        {
            if (drafts.TryGetValue(item.ObligationId, out var draft) && (item.Latest is null || draft.UpdatedAt > item.Latest.SubmittedAt))
            {
                result[item.ObligationId] = ItemAnswer.FromJson(draft.Json);
            }
            else if (item.Latest is not null)
            {
                var report = await db.Reports.AsNoTracking().FirstAsync(r => r.ObligationId == item.ObligationId && r.Version == item.Latest.Version, cancellationToken).ConfigureAwait(false);
                result[item.ObligationId] = FromReport(report);
            }
        }

        return result;
    }

    private static ItemAnswer FromReport(Report report)
    {
        var indicators = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(report.IndicatorsJson) is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                indicators[key] = value?.ToString() ?? string.Empty;
            }
        }

        // A not-applicable report keeps its reason as its narrative; it comes back as the reason.
        var notApplicable = report.Status == ImplementationStatus.NotApplicable;
        return new ItemAnswer
        {
            Status = report.Status.ToString(),
            Reason = notApplicable ? report.Narrative : string.Empty,
            Narrative = notApplicable ? string.Empty : report.Narrative,
            Indicators = indicators,
            Links = report.EvidenceLinks,
            Reporter = report.SubmittedBy,
        };
    }

    public static async Task SaveDraftAsync(PlanDbContext db, ReplyToken token, FormPost post, DateTime now, CancellationToken cancellationToken)
    {
        var ids = post.Answers.Keys.ToList();
        var existing = await db.FormDrafts.Where(d => d.ReplyTokenId == token.Id && ids.Contains(d.ObligationId))
            .ToDictionaryAsync(d => d.ObligationId, cancellationToken).ConfigureAwait(false);
        foreach (var (obligationId, answer) in post.Answers)
        {
            var draft = existing.GetValueOrDefault(obligationId);
            if (answer.IsEmpty)
            {
                if (draft is not null)
                {
                    db.FormDrafts.Remove(draft);
                }

                continue;
            }

            if (draft is null)
            {
                draft = new FormDraft { ReplyTokenId = token.Id, ObligationId = obligationId };
                db.FormDrafts.Add(draft);
            }

            draft.Json = answer.ToJson();
            draft.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every filled item becomes a new report version with its evidence, the drafts go, and the receipt mail is
    /// queued — one transaction, so a failure leaves nothing half-stored.
    /// </summary>
    public static async Task SubmitAsync(Func<PlanDbContext> createContext, ReplyToken token, IReadOnlyList<ReadyItem> ready, string reporter,
        EngineOptions engine, DateTime now, CancellationToken cancellationToken)
    {
        await using var outer = createContext();
        await outer.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            // A fresh context per attempt: a retried attempt must not see the tracked rows of the failed one.
            await using var db = createContext();
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            var submitted = new List<(ReadyItem Ready, Report Report)>();
            foreach (var item in ready)
            {
                var report = await WorkflowEngine.SubmitReportAsync(db, item.Item.ObligationId, item.Status, item.Narrative, Channel, reporter, now, ct).ConfigureAwait(false);
                report.IndicatorsJson = item.IndicatorsJson;
                report.EvidenceLinks = item.Links;
                report.ReplyTokenId = token.Id;
                submitted.Add((item, report));
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            foreach (var (item, report) in submitted)
            {
                foreach (var file in item.Files)
                {
                    db.Evidence.Add(new Evidence
                    {
                        ReportId = report.Id,
                        FileName = Evidence.StoredFileName(file.FileName),
                        ContentType = FormValidator.ContentTypeOf(file.FileName),
                        Size = file.Content.Length,
                        Content = file.Content,
                    });
                }
            }

            var ids = ready.Select(r => r.Item.ObligationId).ToList();
            db.FormDrafts.RemoveRange(await db.FormDrafts.Where(d => d.ReplyTokenId == token.Id && ids.Contains(d.ObligationId)).ToListAsync(ct).ConfigureAwait(false));
            if (await ReceiptMailAsync(db, token, submitted, reporter, engine, now, ct).ConfigureAwait(false) is { } mail)
            {
                db.Outbox.Add(mail);
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        PlanMetrics.Received(Channel, ready.Count);
    }

    private static async Task<OutboxMessage?> ReceiptMailAsync(PlanDbContext db, ReplyToken token, List<(ReadyItem Ready, Report Report)> submitted, string reporter,
        EngineOptions engine, DateTime now, CancellationToken cancellationToken)
    {
        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == token.InstitutionId, cancellationToken).ConfigureAwait(false);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.InstitutionId == token.InstitutionId && !c.Undeliverable).ToListAsync(cancellationToken).ConfigureAwait(false);
        var focal = contacts.FirstOrDefault(c => string.Equals(c.Role, "focalPoint", StringComparison.OrdinalIgnoreCase)) ?? contacts.FirstOrDefault();
        if (focal is null)
        {
            // Nobody to send the receipt to; the report itself is what matters and is kept.
            return null;
        }

        // The receipt comes in the language and script of the link (cnr-Cyrl: transliterated when rendered).
        var language = MailLanguages.Written.Contains(token.Language, StringComparer.Ordinal) ? token.Language : MailLanguages.Montenegrin;
        var items = new JsonArray();
        foreach (var (ready, report) in submitted)
        {
            items.Add(new JsonObject
            {
                ["obligationId"] = ready.Item.ObligationId,
                ["code"] = ready.Item.Code,
                ["activityKey"] = ready.Item.ActivityKey,
                ["title"] = ready.Item.Title,
                ["dueDate"] = ready.Item.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["version"] = report.Version,
                ["status"] = StatusNames.For(report.Status, MailLanguages.TextLanguage(language)),
                ["narrative"] = report.Narrative,
                ["indicators"] = JsonNode.Parse(report.IndicatorsJson),
                ["evidenceLinks"] = new JsonArray([.. report.EvidenceLinks.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonNode)l)]),
                ["attachments"] = new JsonArray([.. ready.Files.Select(f => (JsonNode)f.FileName)]),
            });
        }

        var model = new JsonObject
        {
            ["template"] = KnownTemplates.ReportReceived,
            ["institutionId"] = token.InstitutionId,
            ["institution"] = MailLanguages.IsMontenegrin(language) ? institution?.NameCnr : institution?.NameEn,
            ["round"] = token.Round,
            ["period"] = token.Round,
            ["contact"] = new JsonObject { ["name"] = focal.Name, ["email"] = focal.Email },
            ["submittedBy"] = reporter,
            ["submittedAt"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["channel"] = Channel,
            ["items"] = items,
        };
        return new OutboxMessage
        {
            MessageId = $"pw.form.{token.Id}.{Guid.NewGuid():N}@{engine.MessageIdDomain}",
            ObligationId = submitted.Count == 1 ? submitted[0].Report.ObligationId : null,
            InstitutionId = token.InstitutionId,
            Template = KnownTemplates.ReportReceived,
            Language = language,
            To = focal.Email,
            ModelJson = model.ToJsonString(),
            CreatedAt = now,
            NotBefore = now,
            Status = OutboxStatus.Queued,
        };
    }

    /// <summary>The latest submission made with this link: the reports that share its moment.</summary>
    public static async Task<Receipt?> LoadReceiptAsync(PlanDbContext db, ReplyToken token, CancellationToken cancellationToken, PlanText? text = null)
    {
        var last = await db.Reports.AsNoTracking().Where(r => r.ReplyTokenId == token.Id).MaxAsync(r => (DateTime?)r.SubmittedAt, cancellationToken).ConfigureAwait(false);
        if (last is null)
        {
            return null;
        }

        var reports = await db.Reports.AsNoTracking().Where(r => r.ReplyTokenId == token.Id && r.SubmittedAt == last).ToListAsync(cancellationToken).ConfigureAwait(false);
        var reportIds = reports.Select(r => r.Id).ToList();
        var files = (await db.Evidence.AsNoTracking().Where(e => reportIds.Contains(e.ReportId)).Select(e => new { e.ReportId, e.FileName }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(e => e.ReportId, e => e.FileName);
        var obligationIds = reports.Select(r => r.ObligationId).ToList();
        var obligations = await db.Obligations.AsNoTracking().Where(o => obligationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.ActivityKey, cancellationToken).ConfigureAwait(false);
        var keys = obligations.Values.Distinct().ToList();
        var activities = await db.Activities.AsNoTracking().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, cancellationToken).ConfigureAwait(false);
        var items = reports
            .Select(r =>
            {
                var key = obligations[r.ObligationId];
                var activity = activities.GetValueOrDefault(key);
                var indicators = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(r.IndicatorsJson) ?? [];
                // Values are kept under the catalogue's names; the receipt names them as the form did.
                var labels = Labelled(text, key, activity, IndicatorFields.For(activity?.IndicatorsJson, activity?.Indicators), token.Language)
                    .ToDictionary(f => f.Text, f => f.Shown, StringComparer.Ordinal);
                indicators = indicators.ToDictionary(p => labels.GetValueOrDefault(p.Key, p.Key), p => p.Value, StringComparer.Ordinal);
                return new ReceiptItem(activity?.Reference ?? string.Empty, Words(text, key, "title", activity?.Title ?? key, token.Language), r.Version, r.Status, r.Narrative, indicators, r.EvidenceLinks, [.. files[r.Id]]);
            })
            .OrderBy(i => i.Code, StringComparer.Ordinal)
            .ToList();
        return new Receipt(last.Value, reports[0].SubmittedBy, items);
    }
}
