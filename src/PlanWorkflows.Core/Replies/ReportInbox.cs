using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Replies;

/// <summary>
/// Where a received report stands for the Office: <see cref="New"/> (a first version waits for a decision),
/// <see cref="Resubmitted"/> (a corrected version after a return waits), <see cref="Returned"/> (the institution owes a
/// corrected version), <see cref="Accepted"/>.
/// </summary>
public enum InboxState { New, Resubmitted, Returned, Accepted }

/// <summary>The inbox's filters; null is "any". With no <see cref="States"/>, the inbox shows what is not accepted yet.</summary>
public sealed record InboxFilter
{
    public string? AreaId { get; init; }
    public string? InstitutionId { get; init; }
    public IReadOnlyCollection<InboxState>? States { get; init; }

    /// <summary>An obligation's period label (<c>2013-H1</c>).</summary>
    public string? Period { get; init; }

    public static IReadOnlyCollection<InboxState> Open { get; } = [InboxState.New, InboxState.Resubmitted, InboxState.Returned];
}

/// <summary>One obligation's latest report as the inbox lists it.</summary>
public sealed record InboxRow(long ObligationId, string Reference, string ActivityTitle, string AreaId, string AreaTitle, string InstitutionId, string InstitutionNameEn,
    string InstitutionNameCnr, string Period, DateOnly DueDate, int Version, ImplementationStatus Status, string Channel, string SubmittedBy, DateTime SubmittedAt,
    InboxState State, ObligationStatus ObligationStatus)
{
    /// <summary>The first version came after the due date.</summary>
    public bool Late { get; init; }
}

/// <summary>What the inbox's filters can choose from.</summary>
public sealed record InboxChoices(IReadOnlyList<(string Id, string Title)> Areas, IReadOnlyList<(string Id, string NameEn, string NameCnr)> Institutions, IReadOnlyList<string> Periods);

public sealed record EvidenceFileInfo(long Id, string FileName, string ContentType, long Size);

/// <summary>One difference between a version and the one before it; <see cref="Field"/> is <c>status</c>, <c>narrative</c>, <c>indicator</c> (with <see cref="Name"/>), <c>links</c> or <c>files</c>.</summary>
public sealed record VersionChange(string Field, string? Name, string? Before, string? After);

/// <summary>One version of a report, with its evidence, the Office's decision on it and what changed since the version before.</summary>
public sealed record ReportVersion(long ReportId, int Version, ImplementationStatus Status, string Narrative, IReadOnlyDictionary<string, string> Indicators,
    IReadOnlyList<string> Links, IReadOnlyList<EvidenceFileInfo> Files, string Channel, string SubmittedBy, DateTime SubmittedAt, string? RecordedBy,
    ReviewOutcome? Review, string? ReviewedBy, DateTime? ReviewedAt, string? ReviewComment, IReadOnlyList<VersionChange> Changes);

/// <summary>A value the institution reported for the same indicator of the same activity in an earlier period.</summary>
public sealed record PreviousValue(string Period, DateOnly DueDate, int Version, string Value);

/// <summary>An indicator of the activity: the plan's target, the latest version's value and the earlier periods' values.</summary>
public sealed record IndicatorLine(string Name, IndicatorKind Kind, decimal? Target, string? Value, IReadOnlyList<PreviousValue> Previous);

/// <summary>Everything the Office reads before deciding on a report.</summary>
public sealed record ReportDetails(long ObligationId, string Reference, string ActivityKey, string ActivityTitle, string AreaTitle, string TimeframeText,
    string InstitutionId, string InstitutionNameEn, string InstitutionNameCnr, string Period, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate,
    ObligationStatus ObligationStatus, InboxState? State, IReadOnlyList<IndicatorLine> Indicators, IReadOnlyList<ReportVersion> Versions)
{
    /// <summary>The newest version; null while nothing was reported.</summary>
    public ReportVersion? Latest => Versions.Count > 0 ? Versions[0] : null;

    /// <summary>Whether the latest version waits for a decision (accept or return).</summary>
    public bool CanDecide => State is InboxState.New or InboxState.Resubmitted && ObligationStatus == ObligationStatus.Reported;

    /// <summary>Whether the obligation still takes a report (one the Office enters for the institution).</summary>
    public bool TakesReports => ObligationStatus is not (ObligationStatus.Accepted or ObligationStatus.Cancelled);
}

/// <summary>A stored evidence file, to download.</summary>
public sealed record EvidenceDownload(long Id, long ObligationId, string FileName, string ContentType, byte[] Content);

/// <summary>The reports inbox and a report's page, read by the Office web app and the <c>reports</c> verbs alike.</summary>
public static class ReportInbox
{
    public const int MaxRows = 500;

    public static InboxState StateOf(ReviewOutcome? review, ObligationStatus status, bool returnedBefore) =>
        review switch
        {
            ReviewOutcome.Accepted => InboxState.Accepted,
            ReviewOutcome.Returned => InboxState.Returned,
            // Decided before decisions were kept with each version: the obligation's status says it.
            _ when status == ObligationStatus.Accepted => InboxState.Accepted,
            _ when status == ObligationStatus.Returned => InboxState.Returned,
            _ => returnedBefore ? InboxState.Resubmitted : InboxState.New,
        };

    /// <summary>The latest report of every obligation that has one, filtered; newest first, at most <see cref="MaxRows"/>.</summary>
    public static async Task<IReadOnlyList<InboxRow>> ListAsync(PlanDbContext db, InboxFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var obligations = db.Obligations.AsNoTracking().Where(o => !o.Removed);
        if (!string.IsNullOrEmpty(filter.InstitutionId))
        {
            obligations = obligations.Where(o => o.InstitutionId == filter.InstitutionId);
        }

        if (!string.IsNullOrEmpty(filter.Period))
        {
            obligations = obligations.Where(o => o.PeriodLabel == filter.Period);
        }

        if (!string.IsNullOrEmpty(filter.AreaId))
        {
            obligations = obligations.Where(o => db.Activities.Any(a => a.Key == o.ActivityKey && a.AreaId == filter.AreaId));
        }

        // Left joins: an obligation of a kind with no catalogue activity (a meeting's, the Government report's) still shows.
        var rows = await (
            from r in db.Reports.AsNoTracking()
            where r.Version == db.Reports.Where(x => x.ObligationId == r.ObligationId).Max(x => x.Version)
            join o in obligations on r.ObligationId equals o.Id
            join a in db.Activities.AsNoTracking() on o.ActivityKey equals a.Key into activities
            from a in activities.DefaultIfEmpty()
            join i in db.Institutions.AsNoTracking() on o.InstitutionId equals i.Id into institutions
            from i in institutions.DefaultIfEmpty()
            select new
            {
                o.Id,
                o.ActivityKey,
                AreaCode = a == null ? null : a.AreaCode,
                Code = a == null ? null : a.Code,
                Title = a == null ? null : a.Title,
                AreaId = a == null ? null : a.AreaId,
                AreaTitle = a == null ? null : a.AreaTitle,
                o.InstitutionId,
                NameEn = i == null ? null : i.NameEn,
                NameCnr = i == null ? null : i.NameCnr,
                o.PeriodLabel,
                o.DueDate,
                r.Version,
                r.Status,
                r.Channel,
                r.SubmittedBy,
                r.SubmittedAt,
                r.Review,
                ObligationStatus = o.Status,
                ReturnedBefore = db.Reports.Any(x => x.ObligationId == r.ObligationId && x.Version < r.Version && x.Review == ReviewOutcome.Returned),
                FirstAt = db.Reports.Where(x => x.ObligationId == r.ObligationId).Min(x => x.SubmittedAt),
            }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var states = filter.States is { Count: > 0 } chosen ? chosen : InboxFilter.Open;
        return [.. rows
            .Select(x => new InboxRow(x.Id, x.Code is null ? x.ActivityKey : ActivityCodes.Format(x.AreaCode ?? string.Empty, x.Code), x.Title ?? x.ActivityKey, x.AreaId ?? string.Empty, x.AreaTitle ?? string.Empty, x.InstitutionId, x.NameEn ?? x.InstitutionId, x.NameCnr ?? x.InstitutionId,
                x.PeriodLabel, x.DueDate, x.Version, x.Status, x.Channel, x.SubmittedBy, x.SubmittedAt, StateOf(x.Review, x.ObligationStatus, x.ReturnedBefore), x.ObligationStatus)
            {
                Late = DateOnly.FromDateTime(x.FirstAt) > x.DueDate,
            })
            .Where(x => states.Contains(x.State))
            .OrderByDescending(x => x.SubmittedAt).ThenByDescending(x => x.ObligationId)
            .Take(MaxRows)];
    }

    /// <summary>The areas, institutions and periods that have reports, for the inbox's filters.</summary>
    public static async Task<InboxChoices> ChoicesAsync(PlanDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reported = db.Obligations.AsNoTracking().Where(o => !o.Removed && db.Reports.Any(r => r.ObligationId == o.Id));
        var areas = await db.Activities.AsNoTracking().Where(a => reported.Any(o => o.ActivityKey == a.Key)).Select(a => new { a.AreaId, a.AreaTitle }).Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var institutions = await db.Institutions.AsNoTracking().Where(i => reported.Any(o => o.InstitutionId == i.Id)).Select(i => new { i.Id, i.NameEn, i.NameCnr })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var periods = await reported.Select(o => new { o.PeriodLabel, o.PeriodStart }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        // Sorted here: the providers' collations order text differently.
        return new InboxChoices(
            [.. areas.OrderBy(a => a.AreaId, StringComparer.Ordinal).Select(a => (a.AreaId, a.AreaTitle))],
            [.. institutions.OrderBy(i => i.NameEn, StringComparer.Ordinal).Select(i => (i.Id, i.NameEn, i.NameCnr))],
            [.. periods.OrderBy(p => p.PeriodStart).ThenBy(p => p.PeriodLabel, StringComparer.Ordinal).Select(p => p.PeriodLabel).Distinct()]);
    }

    /// <summary>An obligation's reports (none yet, perhaps) with everything the Office reads before deciding; null when the obligation is unknown.</summary>
    public static async Task<ReportDetails?> DetailsAsync(PlanDbContext db, long obligationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var obligation = await db.Obligations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == obligationId && !o.Removed, cancellationToken).ConfigureAwait(false);
        if (obligation is null)
        {
            return null;
        }

        var reports = await db.Reports.AsNoTracking().Where(r => r.ObligationId == obligationId).OrderBy(r => r.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
        var reportIds = reports.Select(r => r.Id).ToList();
        var files = (await db.Evidence.AsNoTracking().Where(e => reportIds.Contains(e.ReportId))
                .Select(e => new { e.ReportId, Info = new EvidenceFileInfo(e.Id, e.FileName, e.ContentType, e.Size) }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(e => e.ReportId, e => e.Info);
        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Key == obligation.ActivityKey, cancellationToken).ConfigureAwait(false);
        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == obligation.InstitutionId, cancellationToken).ConfigureAwait(false);

        var versions = new List<ReportVersion>();
        ReportVersion? before = null;
        foreach (var report in reports)
        {
            var version = new ReportVersion(report.Id, report.Version, report.Status, report.Narrative, Values(report.IndicatorsJson), Lines(report.EvidenceLinks),
                [.. files[report.Id].OrderBy(f => f.Id)], report.Channel, report.SubmittedBy, report.SubmittedAt, report.RecordedBy,
                report.Review, report.ReviewedBy, report.ReviewedAt, report.ReviewComment, []);
            version = version with { Changes = before is null ? [] : Changes(before, version) };
            versions.Add(version);
            before = version;
        }

        versions.Reverse();
        var latest = versions.FirstOrDefault();
        var returnedBefore = versions.Skip(1).Any(v => v.Review == ReviewOutcome.Returned);

        // The same institution's earlier periods of the same activity: the latest version of each.
        var earlier = await (
            from o in db.Obligations.AsNoTracking()
            where o.ActivityKey == obligation.ActivityKey && o.InstitutionId == obligation.InstitutionId && o.Id != obligation.Id && !o.Removed && o.DueDate < obligation.DueDate
            join r in db.Reports.AsNoTracking() on o.Id equals r.ObligationId
            where r.Version == db.Reports.Where(x => x.ObligationId == o.Id).Max(x => x.Version)
            select new { o.PeriodLabel, o.DueDate, r.Version, r.IndicatorsJson }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var earlierValues = earlier.OrderBy(e => e.DueDate).Select(e => (e.PeriodLabel, e.DueDate, e.Version, Values: Values(e.IndicatorsJson))).ToList();
        var indicators = IndicatorRule.FromJson(activity?.IndicatorsJson, activity?.Indicators)
            .Select(i => new IndicatorLine(i.Name, i.Kind, i.Target, latest?.Indicators.GetValueOrDefault(i.Name),
                [.. earlierValues.Where(e => e.Values.ContainsKey(i.Name)).Select(e => new PreviousValue(e.PeriodLabel, e.DueDate, e.Version, e.Values[i.Name]))]))
            .ToList();
        // A value under a label that is no indicator of the activity (a mail's own wording) is shown too, not lost.
        if (latest is not null)
        {
            indicators.AddRange(latest.Indicators.Keys.Where(k => indicators.All(i => i.Name != k))
                .Select(k => new IndicatorLine(k, IndicatorKind.Text, null, latest.Indicators[k], [])));
        }


        return new ReportDetails(obligation.Id, activity?.Reference ?? obligation.ActivityKey, obligation.ActivityKey, activity?.Title ?? obligation.ActivityKey, activity?.AreaTitle ?? string.Empty,
            activity?.TimeframeText ?? string.Empty, obligation.InstitutionId, institution?.NameEn ?? obligation.InstitutionId, institution?.NameCnr ?? obligation.InstitutionId,
            obligation.PeriodLabel, obligation.PeriodStart, obligation.PeriodEnd, obligation.DueDate, obligation.Status,
            latest is null ? null : StateOf(latest.Review, obligation.Status, returnedBefore), indicators, versions);
    }

    /// <summary>An evidence file with what it belongs to; null when there is none with this id.</summary>
    public static async Task<EvidenceDownload?> EvidenceAsync(PlanDbContext db, long evidenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await (
            from e in db.Evidence.AsNoTracking()
            where e.Id == evidenceId
            join r in db.Reports.AsNoTracking() on e.ReportId equals r.Id
            select new EvidenceDownload(e.Id, r.ObligationId, e.FileName, e.ContentType, e.Content)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What changed from one version to the next, field by field.</summary>
    public static IReadOnlyList<VersionChange> Changes(ReportVersion before, ReportVersion after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<VersionChange>();
        if (before.Status != after.Status)
        {
            changes.Add(new("status", null, before.Status.ToString(), after.Status.ToString()));
        }

        if (!string.Equals(before.Narrative, after.Narrative, StringComparison.Ordinal))
        {
            changes.Add(new("narrative", null, before.Narrative, after.Narrative));
        }

        foreach (var name in before.Indicators.Keys.Union(after.Indicators.Keys))
        {
            var (b, a) = (before.Indicators.GetValueOrDefault(name), after.Indicators.GetValueOrDefault(name));
            if (!string.Equals(b, a, StringComparison.Ordinal))
            {
                changes.Add(new("indicator", name, b, a));
            }
        }

        if (!before.Links.SequenceEqual(after.Links, StringComparer.Ordinal))
        {
            changes.Add(new("links", null, string.Join('\n', before.Links), string.Join('\n', after.Links)));
        }

        var (beforeFiles, afterFiles) = (string.Join('\n', before.Files.Select(f => f.FileName)), string.Join('\n', after.Files.Select(f => f.FileName)));
        if (!string.Equals(beforeFiles, afterFiles, StringComparison.Ordinal))
        {
            changes.Add(new("files", null, beforeFiles, afterFiles));
        }

        return changes;
    }

    /// <summary>A report's indicator values as text, whichever channel stored them (the form stores counts as numbers, a mail as text).</summary>
    public static IReadOnlyDictionary<string, string> Values(string? json)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return values;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? string.Empty : property.Value.GetRawText();
            }
        }
        catch (JsonException)
        {
            // A stored value nobody can read is shown as nothing rather than breaking the page.
        }

        return values;
    }

    private static string[] Lines(string? text) => (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
