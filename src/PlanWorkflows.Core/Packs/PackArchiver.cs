using PlanWorkflows.Core.Catalogue;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// Turns the pack requests of the meeting and report workflows into archived packs, one folder per meeting (its
/// date) or report (<c>government-report-2012-H2</c>), and tells the covering mail what to carry: the files when
/// they are small enough, else a signed link to the archive. A request is built once (its status becomes
/// <c>Built</c>); the archive keeps what the secretary received. The members' invitations get their <c>.ics</c> here too.
/// </summary>
/// <param name="plan">The meetings and report periods: a meeting's or period's language wins over the workflow's, and the invitation's time and place come from it.</param>
/// <param name="mail">The invitation's organizer, UID domain and time zone.</param>
/// <param name="text">The catalogue's text in other languages, for Montenegrin packs and reports.</param>
public sealed class PackArchiver(Func<PlanDbContext> createContext, WorkingDayCalendar calendar, PackOptions options, TimeZoneInfo? timeZone = null,
    MeetingPlan? plan = null, MailOptions? mail = null, PlanText? text = null)
{
    public const string Requested = "Requested";
    public const string Built = "Built";
    public const string Template = KnownTemplates.PackReady;

    private readonly MeetingPlan _plan = plan ?? MeetingPlan.Empty;
    private readonly MailOptions _mail = mail ?? new MailOptions();
    private PackLinks? _links;

    /// <summary>What a request builds: the archive folder, the files' stem, and the report period when it is the report to the Government.</summary>
    private sealed record Target(string Folder, string Stem, DateOnly Date, ReportPeriod? Report)
    {
        public string Display => Report?.Label ?? PackBuilder.Date(Date);
    }

    /// <summary>Builds every requested pack; returns the folders written.</summary>
    public IReadOnlyList<string> BuildRequested()
    {
        var written = Build();
        if (written.Count > 0)
        {
            PackFiles.ReleaseMemory();
        }

        return written;
    }

    private List<string> Build()
    {
        using var db = createContext();
        var requests = db.PackRequests.Where(r => r.Status == Requested).OrderBy(r => r.Id).ToList();
        var written = new List<string>();
        foreach (var request in requests)
        {
            var pack = Load(db, request);
            // The language the pack was built in is kept with the request, so the covering mail finds its files.
            request.Language = pack.Language;
            var folder = FolderOf(pack.FolderName);
            PackFiles.Write(pack, folder);
            request.Status = Built;
            // Saved per request: a crash after the files are written rebuilds the same bytes, never sends twice.
            db.SaveChanges();
            written.Add(folder);
        }

        return written;
    }

    private PackData Load(PlanDbContext db, PackRequest request)
    {
        if (ReportOf(db, request) is { } period)
        {
            // Reports on the period that came in until the workflow asked for the report are in it; a rebuild reads the same.
            return PackBuilder.LoadReport(db, calendar, period, period.Language ?? request.Language, timeZone, DateTime.SpecifyKind(request.RequestedAt, DateTimeKind.Utc), text);
        }

        var previous = db.Obligations.AsNoTracking()
            .Where(o => o.Kind == ObligationKind.Meeting && !o.Removed && o.DueDate < request.MeetingDate)
            .Select(o => (DateOnly?)o.DueDate).Max();
        return PackBuilder.Load(db, calendar, request.MeetingDate, previous, _plan.Meeting(request.MeetingDate)?.Language ?? request.Language, timeZone, text);
    }

    /// <summary>The report period when the request comes from a report workflow; null for a meeting.</summary>
    private ReportPeriod? ReportOf(PlanDbContext db, PackRequest request)
    {
        var obligation = request.InstanceId is { } id ? ObligationOf(db, id) : null;
        if (obligation?.Kind != ObligationKind.GovernmentReport)
        {
            return null;
        }

        var label = obligation.PeriodLabel.StartsWith("report ", StringComparison.Ordinal) ? obligation.PeriodLabel["report ".Length..] : obligation.PeriodLabel;
        return new ReportPeriod(label, obligation.PeriodStart, obligation.DueDate, _plan.ReportEnding(obligation.DueDate)?.Language);
    }

    private static Obligation? ObligationOf(PlanDbContext db, long instanceId) =>
        (from i in db.Instances.AsNoTracking()
         where i.Id == instanceId
         join o in db.Obligations.AsNoTracking() on i.ObligationId equals o.Id
         select o).FirstOrDefault();

    private Target TargetOf(PlanDbContext db, PackRequest request) => ReportOf(db, request) is { } period
        ? new Target(period.Name, $"{period.Name}-{request.Language}", request.MeetingDate, period)
        : new Target(PackBuilder.Date(request.MeetingDate), $"pack-{PackBuilder.Date(request.MeetingDate)}-{request.Language}", request.MeetingDate, null);

    public string FolderOf(DateOnly meeting) => FolderOf(PackBuilder.Date(meeting));

    public string FolderOf(string name) => Path.GetFullPath(Path.Combine(options.ArchiveFolder, name));

    /// <summary>The archived files of a meeting in one language, in name order; empty when not built.</summary>
    public IReadOnlyList<string> Files(DateOnly meeting, string language) => Files(PackBuilder.Date(meeting), $"pack-{PackBuilder.Date(meeting)}-{language}");

    /// <summary>The archived files of one pack (folder and file stem), in name order; empty when not built.</summary>
    public IReadOnlyList<string> Files(string folderName, string stem)
    {
        var folder = FolderOf(folderName);
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, $"{stem}.*").Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>
    /// Adds the meeting and the pack (attachments or link) to the models of queued <c>pack-ready</c> and <c>report-ready</c>
    /// rows, building what was requested first, so a mail never leaves before its pack exists; and the <c>.ics</c> to the
    /// members' invitations. Called by the outbox just before composing.
    /// </summary>
    /// <summary>
    /// The outbox's composer with <see cref="Prepare"/> in front of it. A pack or invitation that cannot be prepared
    /// (bad data, a full or unwritable archive) holds back only the rows it concerns: they stay queued and are tried
    /// again next round, while every other institution's mail still goes out.
    /// </summary>
    public OutboxComposer Composing(OutboxComposer compose, Action<Exception, int> heldBack)
    {
        ArgumentNullException.ThrowIfNull(compose);
        ArgumentNullException.ThrowIfNull(heldBack);
        return rows =>
        {
            try
            {
                Prepare(rows);
                return compose(rows);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var held = rows.Where(Concerns).ToList();
                if (held.Count == 0)
                {
                    throw;
                }

                heldBack(ex, held.Count);
                return compose([.. rows.Except(held)]);
            }
        };
    }

    /// <summary>Whether <see cref="Prepare"/> adds something to this row (a pack, a report or an invitation).</summary>
    public static bool Concerns(OutboxMessage row) =>
        row?.Template is KnownTemplates.PackReady or KnownTemplates.ReportReady or KnownTemplates.MeetingInvitation;

    public void Prepare(IReadOnlyList<OutboxMessage> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var packRows = rows.Where(r => r.Template is KnownTemplates.PackReady or KnownTemplates.ReportReady).ToList();
        var invitations = rows.Where(r => r.Template == KnownTemplates.MeetingInvitation).ToList();
        if (packRows.Count == 0 && invitations.Count == 0)
        {
            return;
        }

        if (packRows.Count > 0)
        {
            BuildRequested();
        }

        using var db = createContext();
        foreach (var row in packRows)
        {
            var request = row.InstanceId is { } instanceId
                ? db.PackRequests.AsNoTracking().Where(r => r.InstanceId == instanceId && r.Status == Built).OrderByDescending(r => r.Id).FirstOrDefault()
                : null;
            if (request is null)
            {
                continue;
            }

            var target = TargetOf(db, request);
            var model = JsonNode.Parse(row.ModelJson) as JsonObject ?? [];
            // In the mail's words: "Second half of 2012" / "Drugo polugodište 2012. godine", or the meeting's date.
            model["meeting"] = target.Report is { } report ? PeriodLabels.Title(report.Label, MailLanguages.TextLanguage(row.Language)) : MailFormat.Date(request.MeetingDate, MailLanguages.TextLanguage(row.Language));
            model["meetingDate"] = PackBuilder.Date(request.MeetingDate);
            var files = Files(target.Folder, target.Stem);
            model["packFolder"] = FolderOf(target.Folder);
            var total = files.Sum(f => new FileInfo(f).Length);
            if (files.Count > 0 && total <= options.MaxAttachmentBytes)
            {
                model["attachments"] = new JsonArray([.. files.Select(f => (JsonNode)JsonValue.Create(f))]);
            }
            else
            {
                model.Remove("attachments");
            }

            if (!string.IsNullOrWhiteSpace(options.DownloadBaseUrl))
            {
                _links ??= PackLinks.For(options);
                model["packUrl"] = _links.Url(options.DownloadBaseUrl, target.Folder, null);
            }

            row.ModelJson = model.ToJsonString();
        }

        foreach (var row in invitations)
        {
            Invite(db, row);
        }
    }

    private void Invite(PlanDbContext db, OutboxMessage row)
    {
        var obligation = row.ObligationId is { } id ? db.Obligations.AsNoTracking().FirstOrDefault(o => o.Id == id) : null;
        if (obligation is null)
        {
            return;
        }

        var date = obligation.DueDate;
        var meeting = _plan.Meeting(date) ?? new MeetingEntry(date, null, new TimeOnly(10, 0), 120, null, "default");
        // Each invitation to a meeting after the first is an update of the same calendar entry.
        var sequence = db.Outbox.AsNoTracking().Count(o => o.ObligationId == obligation.Id && o.Template == KnownTemplates.MeetingInvitation && o.Id < row.Id);
        var language = MailLanguages.IsMontenegrin(row.Language) ? MailLanguages.Montenegrin : MailLanguages.English;
        var title = $"{(language == MailLanguages.Montenegrin ? "Sjednica Radne grupe" : "Working Group meeting")} {PackBuilder.Date(date)}";
        title = PlanText.Written(title, row.Language);
        var ics = MeetingInvitation.Build(meeting, title, _mail.TimeZone, _mail.ReplyDomain, _mail.FromAddress,
            row.To.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), sequence, row.CreatedAt);
        var folder = FolderOf(date);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, MeetingInvitation.FileName(date));
        File.WriteAllText(path, ics, new UTF8Encoding(false));

        var model = JsonNode.Parse(row.ModelJson) as JsonObject ?? [];
        model["meeting"] = MailFormat.Date(date, language);
        model["meetingDate"] = PackBuilder.Date(date);
        var end = meeting.Start.AddMinutes(meeting.DurationMinutes);
        var when = string.Create(CultureInfo.InvariantCulture, $"{meeting.Start:HH\\:mm}–{end:HH\\:mm}");
        model["message"] = string.IsNullOrWhiteSpace(meeting.Location) ? when : $"{when}, {meeting.Location}";
        model["attachments"] = new JsonArray(JsonValue.Create(path));
        row.ModelJson = model.ToJsonString();
    }
}
