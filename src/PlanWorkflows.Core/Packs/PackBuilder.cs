using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Status;

namespace PlanWorkflows.Core.Packs;

/// <summary>
/// Reads what a meeting pack shows, as the plan stood at the end of the meeting day. Counts and the
/// overdue list come from <see cref="PlanStatus"/>, so the pack and the status command never disagree.
/// </summary>
public static class PackBuilder
{
    // The order the Government's report lists its vocabulary in; "no report received" last.
    private static readonly ImplementationStatus?[] Vocabulary =
    [
        ImplementationStatus.Implemented, ImplementationStatus.ContinuouslyImplemented, ImplementationStatus.PartiallyImplemented,
        ImplementationStatus.NotImplemented, ImplementationStatus.NotApplicable, null,
    ];

    /// <summary>
    /// The semiannual report to the Government: the plan as of the period's last day, changes since the previous period.
    /// Reports on the period's obligations (those whose period ended by its last day) count until
    /// <paramref name="assembledAt"/>, when the report is assembled, so a report that came after the period's end is in
    /// it, marked late when it came after its due date; one still missing then is overdue. Null: as of the period's last day only.
    /// </summary>
    /// <param name="text">The catalogue's text in other languages: a Montenegrin report names activities, areas and indicators in Montenegrin. Null: as stored (English).</param>
    public static PackData LoadReport(PlanDbContext db, WorkingDayCalendar calendar, ReportPeriod period, string language, TimeZoneInfo? timeZone = null, DateTime? assembledAt = null,
        PlanText? text = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        var pack = Load(db, calendar, period.End, period.Start.AddDays(-1), MailLanguages.TextLanguage(language), timeZone, assembledAt, text);
        var labels = PackLabels.ReportFor(pack.Language);
        var zone = timeZone ?? TimeZoneInfo.FindSystemTimeZoneById(PlanStatus.DefaultTimeZone);
        var until = assembledAt is { } at && DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone)) is var day && day > period.End ? day : period.End;
        pack = pack with
        {
            Labels = labels,
            Agenda = [labels.Summary, labels.Overdue, labels.Activities, labels.IndicatorTable],
            Report = period,
            Introduction = labels.ReportIntroduction(period, until),
        };
        return language == MailLanguages.MontenegrinCyrillic ? CyrillicPack.Transliterate(pack) : pack;
    }

    /// <summary>When the report workflow assembled the report for a period (its pack request), if it has; a rebuild then reads what it read.</summary>
    public static DateTime? AssembledAt(PlanDbContext db, ReportPeriod period)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(period);
        var label = GovernmentReport.PeriodLabel(period);
        var requested = (from o in db.Obligations.AsNoTracking()
                         where o.ActivityKey == GovernmentReport.ActivityKey && o.PeriodLabel == label && !o.Removed
                         join i in db.Instances.AsNoTracking() on o.Id equals i.ObligationId
                         join r in db.PackRequests.AsNoTracking() on i.Id equals r.InstanceId
                         select r.RequestedAt).ToList();
        return requested.Count == 0 ? null : DateTime.SpecifyKind(requested.Min(), DateTimeKind.Utc);
    }

    /// <param name="language">en, cnr, or cnr-Cyrl: the Montenegrin pack transliterated (<see cref="CyrillicPack"/>).</param>
    /// <param name="text">The catalogue's text in other languages: a Montenegrin pack names activities, areas and indicators in Montenegrin. Null: as stored (English).</param>
    public static PackData Load(PlanDbContext db, WorkingDayCalendar calendar, DateOnly meeting, DateOnly? previousMeeting, string language, TimeZoneInfo? timeZone = null,
        PlanText? text = null)
    {
        var pack = Load(db, calendar, meeting, previousMeeting, MailLanguages.TextLanguage(language), timeZone, null, text);
        return language == MailLanguages.MontenegrinCyrillic ? CyrillicPack.Transliterate(pack) : pack;
    }

    private static PackData Load(PlanDbContext db, WorkingDayCalendar calendar, DateOnly meeting, DateOnly? previousMeeting, string language, TimeZoneInfo? timeZone, DateTime? lateReportsUntil,
        PlanText? text)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(calendar);
        language = language == MailLanguages.Montenegrin ? MailLanguages.Montenegrin : MailLanguages.English;
        // The catalogue's words in the pack's language: the translation where there is one, else what the database holds (English).
        var words = new PackWords(text, language);
        var labels = PackLabels.For(language);
        var zone = timeZone ?? TimeZoneInfo.FindSystemTimeZoneById(PlanStatus.DefaultTimeZone);
        DateTime Cutoff(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
        DateTime? previousCutoff = previousMeeting is { } p ? Cutoff(p) : null;

        // One reading of the plan for the counts, the overdue list, the activities and the annex, so they never disagree.
        var snapshot = PlanStatus.Snapshot(db, meeting, zone, lateReportsUntil);
        var status = PlanStatus.Build(snapshot, calendar, db);
        var activities = snapshot.Activities;
        string Name(string id) => Clean(snapshot.InstitutionName(id, language));
        var obligations = snapshot.Obligations;
        var reports = snapshot.Reports;
        var asOf = snapshot.States;

        string StatusLabel(ImplementationStatus? s) => s is { } v ? StatusNames.For(v, language) : labels.NoReportReceived;
        string Day(DateTime utc) => Date(snapshot.LocalDay(utc));

        var summary = Vocabulary.Select(v => new SummaryCount(v, StatusLabel(v), status.Activities.Count(a => a.Status == v))).ToList();
        var areas = status.Activities.GroupBy(a => a.AreaId, StringComparer.Ordinal)
            .Select(g => new AreaSummary(
                g.Key,
                Clean(words.Area(g.Key, activities.Values.FirstOrDefault(a => a.AreaId == g.Key)?.AreaTitle ?? g.Key)),
                [.. Vocabulary.Select(v => g.Count(a => a.Status == v))],
                g.Count()))
            .ToList();

        var byKey = obligations.ToDictionary(o => (o.ActivityKey, o.InstitutionId, o.PeriodLabel));
        var overdue = status.Overdue.Select(o =>
        {
            var history = byKey.TryGetValue((o.Activity.Key, o.Institution.Id, o.Period), out var obligation)
                ? snapshot.History(obligation).Select(e => new EscalationEvent(e.On, ObligationHistory.Text(e, language))).ToList()
                : [];
            return new PackOverdue(
                activities.GetValueOrDefault(o.Activity.Key)?.Reference ?? o.Activity.Code, Clean(words.Title(o.Activity.Key, o.Activity.Title)), Name(o.Institution.Id),
                PeriodLabels.Title(o.Period, language), o.DueDate, o.WorkingDaysOverdue, o.EscalationLevel,
                o.LastMail is { } m ? ObligationHistory.Mail(m.Template, snapshot.LocalDay(m.SentAt), language) : null,
                history);
        }).ToList();

        var byActivity = obligations.ToLookup(o => o.ActivityKey, StringComparer.Ordinal);
        var packActivities = new List<PackActivity>();
        var indicatorTotals = new List<IndicatorTotal>();
        foreach (var row in status.Activities)
        {
            var record = activities.GetValueOrDefault(row.Key);
            var own = byActivity[row.Key].ToList();
            var implementers = PlanStatus.Implementers(own, snapshot, language);
            var latest = new List<InstitutionReport>();
            var changes = new List<string>();
            foreach (var implementer in implementers)
            {
                var institution = implementer.InstitutionId;
                var all = own.Where(o => o.InstitutionId == institution).SelectMany(o => reports[o.Id])
                    .OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).ToList();
                var report = all.FirstOrDefault();
                if (report is null)
                {
                    // Every implementer is in the table: one that owes a report and sent none says so.
                    latest.Add(new InstitutionReport(Name(institution), implementer.Owes ? labels.NoReportReceived : ActivityImplementation.NotYetDue(language), null, false, [], string.Empty, []));
                    continue;
                }

                var indicators = words.Indicators(row.Key, record, Indicators(report.IndicatorsJson));
                latest.Add(new InstitutionReport(
                    Name(institution), StatusLabel(report.Status), snapshot.LocalDay(report.SubmittedAt), implementer.Late, indicators, Clean(report.Narrative),
                    [.. report.EvidenceLinks.Split('\n').Select(l => Clean(l).Trim()).Where(l => l.Length > 0)]));
                if (previousCutoff is { } since && report.SubmittedAt >= since)
                {
                    var before = all.FirstOrDefault(r => r.SubmittedAt < since);
                    changes.Add($"{Name(institution)}: {StatusLabel(before?.Status)} → {StatusLabel(report.Status)} ({Day(report.SubmittedAt)})");
                }
            }

            indicatorTotals.AddRange(IndicatorTotals(record?.Reference ?? row.Code, record, own, reports)
                .Select(t => t with { Indicator = Clean(words.Indicator(row.Key, record, t.Indicator)) }));
            packActivities.Add(new PackActivity(
                row.Key, Clean(words.Area(row.AreaId, record?.AreaTitle ?? row.AreaId)), record?.Reference ?? row.Code, Clean(words.Title(row.Key, row.Title)), Clean(record?.TimeframeText ?? string.Empty),
                StatusLabel(row.Status), [.. implementers.Select(i => Clean(i.Name))], latest, changes));
        }

        var decisions = new List<DecisionItem>();
        var obligationById = obligations.ToDictionary(o => o.Id);
        string CodeOf(string key) => activities.TryGetValue(key, out var a) ? a.Reference : key;
        foreach (var request in db.Extensions.AsNoTracking().Where(e => e.Status == ExtensionStatus.Requested && e.RequestedAt < snapshot.Cutoff).OrderBy(e => e.Id).ToList())
        {
            if (obligationById.TryGetValue(request.ObligationId, out var o))
            {
                decisions.Add(new DecisionItem(labels.ExtensionRequest, CodeOf(o.ActivityKey), Name(o.InstitutionId),
                    $"{Date(request.CurrentDueDate)} → {Date(request.RequestedDueDate)}: {Clean(request.Reason)}"));
            }
        }

        // A report returned by then and not yet corrected waits for the institution.
        foreach (var o in obligations.Where(o => asOf[o.Id].Status == ObligationStatus.Returned))
        {
            decisions.Add(new DecisionItem(labels.ReturnedReport, CodeOf(o.ActivityKey), Name(o.InstitutionId), PeriodLabels.Title(o.PeriodLabel, language)));
        }

        foreach (var a in activities.Values.Where(a => !a.Removed && a.ScheduleKind == ScheduleKind.Unparsed).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            decisions.Add(new DecisionItem(labels.UnparsedTimeframe, a.Reference, string.Empty, Clean(a.TimeframeText)));
        }

        var overdueDays = status.Overdue.ToDictionary(o => (o.Activity.Key, o.Institution.Id, o.Period), o => o);
        var annex = obligations
            .Select(o =>
            {
                var a = activities.GetValueOrDefault(o.ActivityKey);
                var late = overdueDays.GetValueOrDefault((o.ActivityKey, o.InstitutionId, o.PeriodLabel));
                var report = reports[o.Id].OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).FirstOrDefault();
                return new AnnexRow(
                    Clean(a is null ? string.Empty : words.Area(a.AreaId, a.AreaTitle)), a?.Reference ?? o.ActivityKey, Clean(a is null ? string.Empty : words.Title(a.Key, a.Title)), Name(o.InstitutionId), PeriodLabels.Title(o.PeriodLabel, language), o.DueDate,
                    ObligationStatusNames.For(late?.Status ?? asOf[o.Id].Status, language), late?.EscalationLevel ?? asOf[o.Id].Level, late?.WorkingDaysOverdue,
                    report is null ? null : StatusLabel(report.Status), report is null ? null : snapshot.LocalDay(report.SubmittedAt))
                {
                    LatestReportLate = report is not null && snapshot.IsLate(o, report),
                    History = ObligationHistory.Line(snapshot.History(o), language),
                };
            })
            .ToList();

        return new PackData(meeting, previousMeeting, language, labels, labels.AgendaItems(previousMeeting is not null), summary, areas, overdue,
            packActivities, indicatorTotals, decisions, annex);
    }

    /// <summary>
    /// Text as XML 1.0 and HTML can carry it: replies arrive with control characters and broken
    /// surrogates that would make a DOCX unreadable.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF' || (c < ' ' && c is not ('\t' or '\n')))
            {
                // Dropped, except CR which is half of a line break already counted by its LF.
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// An activity's counts added up over every period and every implementer: the latest version of each obligation's
    /// report counts once, under the catalogue's indicator it answers (<see cref="IndicatorRule"/>); words are left out.
    /// A count shows when someone reported a number for it or the plan sets a target for it.
    /// </summary>
    private static List<IndicatorTotal> IndicatorTotals(string reference, ActivityRecord? record, IEnumerable<Obligation> own, ILookup<long, Report> reports)
    {
        var counts = IndicatorRule.FromJson(record?.IndicatorsJson, record?.Indicators).Where(i => i.Kind == IndicatorKind.Count).ToList();
        if (counts.Count == 0)
        {
            return [];
        }

        var sums = counts.ToDictionary(c => c.Name, _ => (Sum: 0m, Institutions: new HashSet<string>(StringComparer.Ordinal), Reports: 0), StringComparer.Ordinal);
        foreach (var obligation in own)
        {
            var latest = reports[obligation.Id].OrderByDescending(r => r.Version).ThenByDescending(r => r.Id).FirstOrDefault();
            if (latest is null)
            {
                continue;
            }

            foreach (var value in Indicators(latest.IndicatorsJson))
            {
                if (IndicatorRule.Find(counts, value.Name) is { } indicator && IndicatorValues.Number(value.Value) is { } n)
                {
                    var (sum, institutions, count) = sums[indicator.Name];
                    institutions.Add(obligation.InstitutionId);
                    sums[indicator.Name] = (sum + n, institutions, count + 1);
                }
            }
        }

        return counts.Where(c => sums[c.Name].Reports > 0 || c.Target is not null)
            .Select(c => new IndicatorTotal(reference, Clean(c.Name), sums[c.Name].Sum, sums[c.Name].Institutions.Count) { Target = c.Target, Reports = sums[c.Name].Reports })
            .ToList();
    }

    private static List<IndicatorValue> Indicators(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            return [.. document.RootElement.EnumerateObject()
                .Select(p => new IndicatorValue(Clean(p.Name), Clean(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())))];
        }
        catch (JsonException)
        {
            // A report whose indicators cannot be read still counts for its status and narrative.
            return [];
        }
    }

    internal static decimal? Number(string value)
    {
        var text = value.Trim().Replace(" ", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}

/// <summary>The catalogue's words a pack prints, in the pack's language (<see cref="PlanText"/>), falling back to the stored English.</summary>
internal sealed class PackWords(PlanText? text, string language)
{
    private readonly bool _translate = text is not null && language != MailLanguages.English;

    public string Title(string activityKey, string english) => _translate ? text!.ActivityText(activityKey, "title", language, english) : english;

    public string Area(string areaId, string english)
    {
        var translated = _translate ? text!.Text(TranslationKey.Area(areaId, "title"), language) : string.Empty;
        return translated.Length > 0 ? translated : english;
    }

    /// <summary>An indicator's name as the catalogue keeps it, in the pack's language.</summary>
    public string Indicator(string activityKey, ActivityRecord? record, string name)
    {
        if (!_translate)
        {
            return name;
        }

        var indicators = IndicatorRule.FromJson(record?.IndicatorsJson, record?.Indicators);
        var labels = text!.IndicatorLabels(activityKey, indicators, language);
        var at = indicators.Select((i, n) => (i, n)).FirstOrDefault(p => IndicatorRule.SameLabel(p.i.Name, name));
        return at.i is not null && at.n < labels.Count ? labels[at.n] : name;
    }

    public List<IndicatorValue> Indicators(string activityKey, ActivityRecord? record, List<IndicatorValue> values) =>
        _translate ? [.. values.Select(v => v with { Name = PackBuilder.Clean(Indicator(activityKey, record, v.Name)) })] : values;
}
