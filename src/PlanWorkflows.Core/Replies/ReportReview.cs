using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Vocabulary;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Replies;

/// <summary>Why a review decision or a report entered by the Office was refused.</summary>
public enum ReviewProblem
{
    UnknownObligation,
    NoReport,
    UnknownVersion,
    Superseded,
    AlreadyDecided,
    NotReviewable,
    CommentRequired,
    TooLong,
    BadChannel,
    ReporterRequired,
    BadIndicator,
    BadLink,
    BadFile,
    Closed,
}

/// <summary>A refused decision or entry: nothing was stored. <see cref="Field"/> names the input at fault, if one is.</summary>
public sealed class ReviewException(ReviewProblem problem, BilingualText text, string? field = null) : Exception(text?.En)
{
    public ReviewProblem Problem { get; } = problem;

    /// <summary>The message in both of the Office's languages.</summary>
    public BilingualText Text { get; } = text!;

    public string? Field { get; } = field;
}

/// <summary>Who acts: the name the journal and the report keep, and the user the audit row names.</summary>
public sealed record Reviewer(string Name, string AuditUser);

/// <summary>What a decision did: the version decided, and whether a workflow waiting at its review step takes it.</summary>
public sealed record ReviewResult(long ObligationId, int Version, ReviewOutcome Outcome, bool WorkflowResumed);

/// <summary>A file of a report entered by the Office (a scanned letter, a photo of a form).</summary>
public sealed record EnteredFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// A report an institution gave on paper or by phone, entered by the Office on its behalf. <see cref="SubmittedBy"/>
/// is the person at the institution who gave it; <see cref="Indicators"/> are keyed by the catalogue's indicator names.
/// </summary>
public sealed record EnteredReport(long ObligationId, string Channel, ImplementationStatus Status, string Narrative, string SubmittedBy)
{
    public IReadOnlyDictionary<string, string> Indicators { get; init; } = new Dictionary<string, string>();

    /// <summary>Links to evidence, one per line.</summary>
    public string EvidenceLinks { get; init; } = string.Empty;

    public IReadOnlyList<EnteredFile> Files { get; init; } = [];
}

/// <summary>
/// The Office's decisions on reports, one command for every front-end (the <c>reports review</c> verb and the Office
/// web app): accept the latest version, or return it with a comment, which resumes a workflow waiting at its
/// ReviewReport step exactly as a reply resumes one waiting for it; and a report received on paper or by phone,
/// entered on the institution's behalf. Each call is one transaction with its journal row and its audit row.
/// </summary>
public static class ReportReview
{
    public const int MaxCommentChars = 2000;
    public const int MaxNarrativeChars = 20_000;
    public const int MaxIndicatorChars = 2000;
    public const int MaxReporterChars = 200;
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The channels of a report the Office enters: <c>paper</c> (a letter, a fax, a form handed in) and <c>phone</c>.</summary>
    public static IReadOnlyList<string> EnteredChannels { get; } = ["paper", "phone"];

    /// <summary>Accepts the latest report of an obligation.</summary>
    public static Task<ReviewResult> AcceptAsync(PlanDbContext db, long obligationId, int? version, string? comment, Reviewer reviewer, DateTime now, CancellationToken cancellationToken = default) =>
        DecideAsync(db, obligationId, version, ReviewOutcome.Accepted, comment, reviewer, now, cancellationToken);

    /// <summary>Returns the latest report of an obligation to its institution; <paramref name="comment"/> (what to add) is required.</summary>
    public static Task<ReviewResult> ReturnAsync(PlanDbContext db, long obligationId, int? version, string comment, Reviewer reviewer, DateTime now, CancellationToken cancellationToken = default) =>
        DecideAsync(db, obligationId, version, ReviewOutcome.Returned, comment, reviewer, now, cancellationToken);

    /// <summary>
    /// Decides on the latest report of an obligation. <paramref name="version"/>, when given, is the version the
    /// reviewer read: a newer one received since is refused, so nobody accepts what they have not seen.
    /// </summary>
    public static async Task<ReviewResult> DecideAsync(PlanDbContext db, long obligationId, int? version, ReviewOutcome outcome, string? comment, Reviewer reviewer, DateTime now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reviewer);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (outcome == ReviewOutcome.Returned && comment is null)
        {
            throw new ReviewException(ReviewProblem.CommentRequired, new(
                "comment: a returned report needs a comment saying what the institution should add",
                "komentar: vraćeni izvještaj traži komentar o tome šta institucija treba da dopuni"), "comment");
        }

        if (comment?.Length > MaxCommentChars)
        {
            throw TooLong("comment", "komentar", MaxCommentChars);
        }

        ReviewResult? result = null;
        var action = outcome == ReviewOutcome.Accepted ? "report-accepted" : "report-returned";
        await AuditTrail.ChangeAsync(db, reviewer.AuditUser, action, "Obligation", obligationId.ToString(CultureInfo.InvariantCulture), now,
            () => SnapshotAsync(db, obligationId, cancellationToken),
            async () =>
            {
                result = await DecideCoreAsync(db, obligationId, version, outcome, comment, reviewer.Name, now, cancellationToken).ConfigureAwait(false);
                return true;
            },
            () => SnapshotAsync(db, obligationId, cancellationToken), cancellationToken).ConfigureAwait(false);
        return result!;
    }

    private static async Task<ReviewResult> DecideCoreAsync(PlanDbContext db, long obligationId, int? version, ReviewOutcome outcome, string? comment, string by, DateTime now,
        CancellationToken cancellationToken)
    {
        // Two reviewers deciding at once take turns: the second sees the first one's decision and is refused.
        await RowLocks.LockAsync(db, db.Obligations.Where(o => o.Id == obligationId), o => o.UpdatedAt, cancellationToken).ConfigureAwait(false);
        var obligation = await db.Obligations.FirstOrDefaultAsync(o => o.Id == obligationId && !o.Removed, cancellationToken).ConfigureAwait(false)
            ?? throw Unknown(obligationId);
        var latest = await db.Reports.Where(r => r.ObligationId == obligationId).OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ReviewException(ReviewProblem.NoReport, new(
                $"obligation {obligationId} has no report to review",
                $"obaveza {obligationId} nema izvještaj za pregled"));
        if (version is { } read && read != latest.Version)
        {
            throw read > latest.Version || read < 1
                ? new ReviewException(ReviewProblem.UnknownVersion, new(
                    $"version: obligation {obligationId} has no report v{read} (the latest is v{latest.Version})",
                    $"verzija: obaveza {obligationId} nema izvještaj v{read} (posljednji je v{latest.Version})"), "version")
                : new ReviewException(ReviewProblem.Superseded, new(
                    $"version: report v{read} of obligation {obligationId} was replaced by v{latest.Version}, received {Iso(latest.SubmittedAt)}; read v{latest.Version} first",
                    $"verzija: izvještaj v{read} obaveze {obligationId} zamijenjen je verzijom v{latest.Version}, primljenom {Iso(latest.SubmittedAt)}; prvo pročitajte v{latest.Version}"), "version");
        }

        if (latest.Review is { } decided)
        {
            throw new ReviewException(ReviewProblem.AlreadyDecided, new(
                $"report v{latest.Version} of obligation {obligationId} was already {(decided == ReviewOutcome.Accepted ? "accepted" : "returned")} by {latest.ReviewedBy} on {Iso(latest.ReviewedAt)}",
                $"izvještaj v{latest.Version} obaveze {obligationId} je već {(decided == ReviewOutcome.Accepted ? "prihvaćen" : "vraćen")} ({latest.ReviewedBy}, {Iso(latest.ReviewedAt)})"));
        }

        if (obligation.Status is ObligationStatus.Accepted or ObligationStatus.Returned)
        {
            // Decided before decisions were kept with each version: the obligation's status says it.
            throw new ReviewException(ReviewProblem.AlreadyDecided, new(
                $"report v{latest.Version} of obligation {obligationId} was already {(obligation.Status == ObligationStatus.Accepted ? "accepted" : "returned")}",
                $"izvještaj v{latest.Version} obaveze {obligationId} je već {(obligation.Status == ObligationStatus.Accepted ? "prihvaćen" : "vraćen")}"));
        }

        if (obligation.Status != ObligationStatus.Reported)
        {
            throw new ReviewException(ReviewProblem.NotReviewable, new(
                $"obligation {obligationId} is {obligation.Status}; only a reported obligation's report is accepted or returned",
                $"obaveza {obligationId} je u statusu {obligation.Status}; prihvata se ili vraća samo izvještaj obaveze u statusu Reported"));
        }

        latest.Review = outcome;
        latest.ReviewedBy = by;
        latest.ReviewedAt = now;
        latest.ReviewComment = comment;
        var decision = outcome == ReviewOutcome.Accepted ? "accepted" : "returned";
        var waiting = await db.Instances.Where(i => i.ObligationId == obligationId && i.Status == InstanceStatus.Waiting)
            .Join(db.Bookmarks.Where(b => b.Kind == ResumeEvent.Review), i => i.Id, b => b.InstanceId, (i, b) => i.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var instanceId in waiting)
        {
            WorkflowEngine.Signal(db, instanceId, ResumeEvent.Review, now, new JsonObject { ["decision"] = decision, ["comment"] = comment, ["version"] = latest.Version });
        }

        if (waiting.Count == 0)
        {
            // No workflow is at its review step (it may not have reached it yet): the status says it.
            obligation.Status = outcome == ReviewOutcome.Accepted ? ObligationStatus.Accepted : ObligationStatus.Returned;
        }

        obligation.UpdatedAt = now;
        db.Journal.Add(new JournalEntry
        {
            ObligationId = obligationId,
            At = now,
            Event = decision,
            Message = $"report v{latest.Version} {decision} by {by}{(comment is null ? string.Empty : $": {comment}")}",
        });
        return new ReviewResult(obligationId, latest.Version, outcome, waiting.Count > 0);
    }

    /// <summary>
    /// Stores a report received on paper or by phone as the next version, marked with its channel and with who
    /// entered it, and resumes the obligation's workflow as a reply from the form would.
    /// </summary>
    public static async Task<Report> RecordAsync(PlanDbContext db, EnteredReport entry, Reviewer recorder, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(recorder);
        var channel = entry.Channel?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!EnteredChannels.Contains(channel))
        {
            throw new ReviewException(ReviewProblem.BadChannel, new(
                $"channel: '{entry.Channel}' is not one of {string.Join(", ", EnteredChannels)}",
                $"kanal: '{entry.Channel}' nije jedan od {string.Join(", ", EnteredChannels)}"), "channel");
        }

        if (!Enum.IsDefined(entry.Status))
        {
            throw new ReviewException(ReviewProblem.BadIndicator, new($"status: '{entry.Status}' is no implementation status", $"status: '{entry.Status}' nije status realizacije"), "status");
        }

        var reporter = entry.SubmittedBy?.Trim() ?? string.Empty;
        if (reporter.Length == 0)
        {
            throw new ReviewException(ReviewProblem.ReporterRequired, new(
                "submittedBy: name the person at the institution who gave the report",
                "podnosilac: navedite osobu iz institucije koja je dala izvještaj"), "submittedBy");
        }

        if (reporter.Length > MaxReporterChars)
        {
            throw TooLong("submittedBy", "podnosilac", MaxReporterChars);
        }

        var narrative = entry.Narrative?.Trim() ?? string.Empty;
        if (narrative.Length > MaxNarrativeChars)
        {
            throw TooLong("narrative", "opis", MaxNarrativeChars);
        }

        var links = CheckLinks(entry.EvidenceLinks);
        foreach (var file in entry.Files)
        {
            if (file.Content.Length == 0 || file.Content.Length > MaxFileBytes)
            {
                throw new ReviewException(ReviewProblem.BadFile, new(
                    $"files: {file.FileName} is empty or larger than {MaxFileBytes / (1024 * 1024)} MB",
                    $"datoteke: {file.FileName} je prazna ili veća od {MaxFileBytes / (1024 * 1024)} MB"), "files");
            }
        }

        Report? report = null;
        await AuditTrail.ChangeAsync(db, recorder.AuditUser, "report-recorded", "Obligation", entry.ObligationId.ToString(CultureInfo.InvariantCulture), now,
            () => SnapshotAsync(db, entry.ObligationId, cancellationToken),
            async () =>
            {
                report = await RecordCoreAsync(db, entry, channel, reporter, narrative, links, recorder.Name, now, cancellationToken).ConfigureAwait(false);
                return true;
            },
            () => SnapshotAsync(db, entry.ObligationId, cancellationToken), cancellationToken).ConfigureAwait(false);
        Diagnostics.PlanMetrics.Received(channel);
        return report!;
    }

    private static async Task<Report> RecordCoreAsync(PlanDbContext db, EnteredReport entry, string channel, string reporter, string narrative, string links, string by, DateTime now,
        CancellationToken cancellationToken)
    {
        var obligation = await db.Obligations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == entry.ObligationId && !o.Removed, cancellationToken).ConfigureAwait(false)
            ?? throw Unknown(entry.ObligationId);
        if (obligation.Status is ObligationStatus.Accepted or ObligationStatus.Cancelled)
        {
            throw new ReviewException(ReviewProblem.Closed, new(
                $"obligation {entry.ObligationId} is {obligation.Status}; it takes no more reports",
                $"obaveza {entry.ObligationId} je u statusu {obligation.Status}; ne prima više izvještaje"));
        }

        var activity = await db.Activities.AsNoTracking().FirstOrDefaultAsync(a => a.Key == obligation.ActivityKey, cancellationToken).ConfigureAwait(false);
        var indicators = IndicatorRule.FromJson(activity?.IndicatorsJson, activity?.Indicators);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in entry.Indicators)
        {
            var value = raw?.Trim() ?? string.Empty;
            if (value.Length == 0)
            {
                continue;
            }

            var indicator = IndicatorRule.Find(indicators, name)
                ?? throw new ReviewException(ReviewProblem.BadIndicator, new(
                    $"indicators: \"{name}\" is not an indicator of {activity?.Reference ?? obligation.ActivityKey}",
                    $"indikatori: \"{name}\" nije indikator aktivnosti {activity?.Reference ?? obligation.ActivityKey}"), "indicators");
            if (indicator.Kind == IndicatorKind.Count && IndicatorValues.Number(value) is null)
            {
                throw new ReviewException(ReviewProblem.BadIndicator, new(
                    $"indicators: \"{indicator.Name}\" is a count; \"{value}\" is not a number",
                    $"indikatori: \"{indicator.Name}\" je broj; \"{value}\" nije broj"), "indicators");
            }

            if (value.Length > MaxIndicatorChars)
            {
                throw TooLong("indicators", "indikatori", MaxIndicatorChars);
            }

            values[indicator.Name] = value;
        }

        var report = await WorkflowEngine.SubmitReportAsync(db, entry.ObligationId, entry.Status, narrative, channel, reporter, now, cancellationToken).ConfigureAwait(false);
        report.IndicatorsJson = IndicatorValues.ToJson(values);
        report.EvidenceLinks = links;
        report.RecordedBy = by;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var file in entry.Files)
        {
            db.Evidence.Add(new Evidence
            {
                ReportId = report.Id,
                FileName = Evidence.StoredFileName(Path.GetFileName(file.FileName)),
                ContentType = Evidence.StoredContentType(file.ContentType),
                Size = file.Content.Length,
                Content = file.Content,
            });
        }

        db.Journal.Add(new JournalEntry
        {
            ObligationId = entry.ObligationId,
            At = now,
            Event = "report-recorded",
            Message = $"report v{report.Version} received by {channel} from {reporter}, entered by {by}",
        });
        return report;
    }

    /// <summary>What the audit row keeps of an obligation under review: its status, its latest report and the decisions waiting for its workflow.</summary>
    public static async Task<object?> SnapshotAsync(PlanDbContext db, long obligationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Obligations.AsNoTracking().Where(o => o.Id == obligationId).Select(o => new
        {
            o.Id,
            o.Status,
            LatestReport = db.Reports.Where(r => r.ObligationId == o.Id).OrderByDescending(r => r.Version)
                .Select(r => new { r.Version, r.Channel, r.Review, r.ReviewedBy, r.ReviewComment }).FirstOrDefault(),
            QueuedDecisions = db.Timers.Count(t => t.Kind == TimerKind.Signal && db.Instances.Any(i => i.Id == t.InstanceId && i.ObligationId == o.Id)),
        }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string CheckLinks(string? text)
    {
        var lines = (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (line, index) in lines.Select((l, i) => (l, i + 1)))
        {
            if (!Uri.TryCreate(line, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || line.Length > 2000)
            {
                throw new ReviewException(ReviewProblem.BadLink, new(
                    $"evidenceLinks, line {index}: \"{line}\" is not an http(s) address",
                    $"linkovi, red {index}: \"{line}\" nije http(s) adresa"), "evidenceLinks");
            }
        }

        return string.Join('\n', lines);
    }

    private static ReviewException Unknown(long obligationId) =>
        new(ReviewProblem.UnknownObligation, new($"no obligation {obligationId}", $"nema obaveze {obligationId}"), "obligation");

    private static ReviewException TooLong(string field, string fieldCnr, int max) =>
        new(ReviewProblem.TooLong, new($"{field}: longer than {max} characters", $"{fieldCnr}: duže od {max} znakova"), field);

    private static string Iso(DateTime? at) => at?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";
}
