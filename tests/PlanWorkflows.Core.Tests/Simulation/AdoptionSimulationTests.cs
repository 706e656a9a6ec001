using System.Globalization;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Tests.Packs;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Simulation;

/// <summary>
/// <c>simulate</c> of the shipped plan as issue 14 ran it (realistic replies, seed 1, the shipped configuration's meetings),
/// from the plan's adoption to past the June 2013 meeting: nothing is owed, mailed or listed overdue from before the adoption.
/// </summary>
public sealed class AdoptionSimulationTests : IAsyncLifetime
{
    private static readonly DateOnly Adoption = new(2012, 9, 13);
    private static readonly DateOnly JuneMeeting = new(2013, 6, 13);
    private static readonly TimeZoneInfo Podgorica = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));

    private readonly string _root = Directory.CreateTempSubdirectory("adoption-simulation-").FullName;
    private SimulatedRun _run = null!;

    /// <summary>The meeting dates the service and <c>simulate</c> read from the shipped appsettings.json.</summary>
    private static MeetingOptions ShippedMeetings()
    {
        var settings = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("src", "PlanWorkflows.Server", "appsettings.json")))!;
        var options = new MeetingOptions();
        foreach (var date in settings["Meetings"]!["Dates"]!.AsArray())
        {
            options.Dates.Add(date!.GetValue<string>());
        }

        return options;
    }

    public async Task InitializeAsync()
    {
        var catalogue = CatalogueYaml.Load(SimulationRuns.Catalogue);
        var meetings = ShippedMeetings();
        // The shipped configuration has meetings before the adoption; they must simply not happen.
        Assert.Contains(meetings.Parse(), d => d < Adoption);
        var options = new SimulationOptions
        {
            CataloguePath = SimulationRuns.Catalogue, OutputFolder = Path.Combine(_root, "run"), Replies = ReplyMode.Realistic, Seed = 1,
            To = new DateOnly(2013, 7, 12), TemplatesFolder = RepoPaths.Combine("email-templates"),
            Meetings = MeetingPlan.Build(meetings, RepoPaths.Combine("workflows", MeetingPlan.FileName), PlanWindow.Of(catalogue), new GovernmentReportOptions()),
        };
        _run = new SimulatedRun(options, await Task.Run(() => new PlanSimulator().RunAsync(options)));
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Podgorica));

    /// <summary>The earliest reminder a definition sends: its most negative WaitUntil offset from the due date.</summary>
    private static int FirstReminderOffset(string definition)
    {
        var json = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("workflows", "definitions", definition + ".json")))!;
        var offsets = new List<int>();
        void Walk(JsonArray steps)
        {
            foreach (var step in steps)
            {
                if (step!["type"]!.GetValue<string>() == "WaitUntil" && step["properties"]?["dueOffsetWorkingDays"] is { } offset)
                {
                    offsets.Add(offset.GetValue<int>());
                }

                if (step["branches"] is JsonObject branches)
                {
                    foreach (var branch in branches)
                    {
                        Walk(branch.Value!.AsArray());
                    }
                }

                if (step["sequence"] is JsonArray inner)
                {
                    Walk(inner);
                }
            }
        }

        Walk(json["sequence"]!.AsArray());
        return offsets.Min();
    }

    [Fact]
    public async Task No_obligation_meeting_or_report_period_is_from_before_the_adoption()
    {
        await using var db = _run.Open();
        var obligations = await db.Obligations.AsNoTracking().ToListAsync();
        Assert.Contains(obligations, o => o.Kind == ObligationKind.Report && o.PeriodStart < Adoption); // straddling periods are there
        Assert.All(obligations.Where(o => o.Kind == ObligationKind.Report), o => Assert.True(o.PeriodEnd >= Adoption, $"{o.ActivityKey} {o.PeriodLabel} ended {o.PeriodEnd:yyyy-MM-dd}"));
        Assert.All(obligations.Where(o => o.Kind != ObligationKind.Report), o => Assert.True(o.DueDate >= Adoption, o.PeriodLabel));
        Assert.DoesNotContain(obligations, o => o.PeriodLabel == "report 2012-H1");
        Assert.Contains(obligations, o => o.PeriodLabel == "report 2012-H2");
    }

    [Fact]
    public async Task No_mail_is_dated_before_the_adoption_or_before_its_periods_reminder_window()
    {
        await using var db = _run.Open();
        var obligations = await db.Obligations.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var definitions = await db.Instances.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.DefinitionName);
        var offsets = definitions.Values.Distinct().ToDictionary(d => d, FirstReminderOffset);
        var mails = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.True(LocalDay(m.CreatedAt) >= Adoption, $"{m.Template} queued {m.CreatedAt:O}"));
        foreach (var mail in mails.Where(m => m.ObligationId is not null && m.InstanceId is not null))
        {
            var obligation = obligations[mail.ObligationId!.Value];
            if (obligation.Kind != ObligationKind.Report)
            {
                continue;
            }

            if (mail.Template == KnownTemplates.ProgressRequest)
            {
                // Asked for progress months ahead by design: a month after the plan's adoption at the earliest,
                // and never in the 20 working days before the due date, where the reminders are.
                Assert.True(LocalDay(mail.CreatedAt) >= Adoption.AddDays(30) && LocalDay(mail.CreatedAt) <= Calendar.AddWorkingDays(obligation.DueDate, -20),
                    $"progress request for {obligation.ActivityKey} (due {obligation.DueDate:yyyy-MM-dd}) on {LocalDay(mail.CreatedAt):yyyy-MM-dd}");
                continue;
            }

            var window = Calendar.AddWorkingDays(obligation.DueDate, offsets[definitions[mail.InstanceId!.Value]]);
            Assert.True(LocalDay(mail.CreatedAt) >= window,
                $"{mail.Template} for {obligation.ActivityKey} {obligation.PeriodLabel} (due {obligation.DueDate:yyyy-MM-dd}) on {LocalDay(mail.CreatedAt):yyyy-MM-dd}, before its window opened {window:yyyy-MM-dd}");
        }

        // The files are named by the virtual time they were sent at.
        Assert.All(_run.MailFiles, f => Assert.True(string.CompareOrdinal(f, Adoption.ToString("yyyyMMdd", CultureInfo.InvariantCulture)) >= 0, f));
        // Not one escalation on the adoption day: nothing could be late yet.
        Assert.DoesNotContain(mails, m => m.Template.StartsWith("escalation-", StringComparison.Ordinal) && LocalDay(m.CreatedAt) < Calendar.AddWorkingDays(Adoption, 5));
    }

    [Fact]
    public void Meeting_packs_list_nothing_overdue_from_before_the_adoption()
    {
        var packs = Path.Combine(_run.Options.OutputFolder, PlanSimulator.PacksFolderName);
        var folders = Directory.GetDirectories(packs).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.DoesNotContain("2012-03-15", folders);
        Assert.DoesNotContain("2012-06-14", folders);
        Assert.DoesNotContain("government-report-2012-H1", folders);
        Assert.Contains("2012-10-11", folders);
        Assert.Contains("2013-06-13", folders);

        foreach (var folder in folders.Where(f => DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            var meeting = DateOnly.ParseExact(folder!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var annex = Assert.Single(Directory.GetFiles(Path.Combine(packs, folder!), "*.xlsx"));
            using var workbook = new XLWorkbook(annex);
            var rows = workbook.Worksheets.First().RowsUsed().Skip(1).ToList();
            Assert.NotEmpty(rows);
            // Nothing in the pack is older than the plan, and no figure counts from before it.
            var mostOverdue = Calendar.WorkingDaysBetween(Adoption, meeting);
            foreach (var row in rows)
            {
                var due = DateOnly.FromDateTime(row.Cell(6).GetDateTime());
                Assert.True(due >= Adoption, $"{folder}: {row.Cell(3).GetString()} ({row.Cell(5).GetString()}) due {due:yyyy-MM-dd}");
                if (!row.Cell(9).IsEmpty())
                {
                    Assert.InRange(row.Cell(9).GetValue<int>(), 0, mostOverdue);
                }
            }

            if (meeting == JuneMeeting)
            {
                // Not an empty list: institutions that never answer are overdue in June, by their own due dates.
                var overdue = rows.Where(r => !r.Cell(9).IsEmpty() && r.Cell(9).GetValue<int>() > 0).ToList();
                Assert.NotEmpty(overdue);
                Assert.All(overdue, r => Assert.Equal(Calendar.WorkingDaysBetween(DateOnly.FromDateTime(r.Cell(6).GetDateTime()), meeting), r.Cell(9).GetValue<int>()));
            }
        }
    }

    private static readonly string[] EnglishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private string Packs => Path.Combine(_run.Options.OutputFolder, PlanSimulator.PacksFolderName);

    private static DateTime EndOf(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Podgorica);

    [Fact]
    public async Task The_june_pack_gives_each_activity_one_status_by_the_rule_and_each_implementer_its_own()
    {
        await using var db = _run.Open();
        var pack = PackBuilder.Load(db, Calendar, JuneMeeting, new DateOnly(2013, 3, 14), "en", Podgorica);
        var cutoff = EndOf(JuneMeeting);
        var obligations = await db.Obligations.AsNoTracking().Where(o => !o.Removed && o.Kind == ObligationKind.Report).ToListAsync();
        var reports = (await db.Reports.AsNoTracking().ToListAsync()).Where(r => r.SubmittedAt < cutoff).ToLookup(r => r.ObligationId);
        var names = InstitutionDirectory.Load(RepoPaths.Combine("workflows", "institutions.yaml")).All.ToDictionary(i => i.Id, i => i.NameEn);
        string Word(ImplementationStatus s) => Core.Vocabulary.StatusNames.For(s, "en");

        var outvoted = 0;
        foreach (var activity in pack.Activities)
        {
            var own = obligations.Where(o => o.ActivityKey == activity.Key).ToList();
            var institutions = own.Select(o => o.InstitutionId).Distinct().ToList();
            // Every implementer has its row, named, never by its key.
            Assert.Equal(institutions.Select(i => names[i]).Order(StringComparer.Ordinal), activity.Reports.Select(r => r.Institution).Order(StringComparer.Ordinal));
            foreach (var institution in institutions)
            {
                var mine = own.Where(o => o.InstitutionId == institution).ToList();
                var latest = mine.SelectMany(o => reports[o.Id].Select(r => (Report: r, Obligation: o))).OrderByDescending(x => x.Report.SubmittedAt).ThenByDescending(x => x.Report.Id).FirstOrDefault();
                var row = Assert.Single(activity.Reports, r => r.Institution == names[institution]);
                if (latest.Report is null)
                {
                    // Owed (due by the meeting) and not sent: said so; not yet due: said that instead.
                    Assert.Equal(mine.Any(o => o.DueDate <= JuneMeeting) ? "No report received" : "Report not yet due", row.StatusLabel);
                    Assert.Null(row.SubmittedOn);
                }
                else
                {
                    Assert.Equal(Word(latest.Report.Status), row.StatusLabel);
                    Assert.Equal(LocalDay(latest.Report.SubmittedAt) > latest.Obligation.DueDate, row.Late);
                }
            }

            var words = activity.Reports.Select(r => r.StatusLabel).Where(l => l != "Report not yet due" && l != Word(ImplementationStatus.NotApplicable)).ToList();
            var progress = new[] { ImplementationStatus.Implemented, ImplementationStatus.ContinuouslyImplemented, ImplementationStatus.PartiallyImplemented }.Select(Word).ToList();
            if (activity.Implementation == Word(ImplementationStatus.Implemented))
            {
                Assert.All(words, w => Assert.Equal(Word(ImplementationStatus.Implemented), w));
            }

            if (words.Contains("No report received") && words.Any(progress.Contains))
            {
                Assert.Equal(Word(ImplementationStatus.PartiallyImplemented), activity.Implementation);
            }

            if (words.Count > 0 && words.All(w => w == "No report received"))
            {
                Assert.Equal("No report received", activity.Implementation);
            }

            // Where the latest report of one institution said "Implemented" and another's did not, the old rule would have said Implemented.
            var latestOfAny = own.SelectMany(o => reports[o.Id]).OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).FirstOrDefault();
            if (latestOfAny?.Status == ImplementationStatus.Implemented && activity.Implementation != Word(ImplementationStatus.Implemented))
            {
                outvoted++;
            }
        }

        // The shipped plan has activities of several implementers where one implementer's report no longer decides for all.
        Assert.True(outvoted > 0, "no activity where one institution's 'Implemented' was outweighed by the others'");
        Assert.Contains(pack.Activities, a => a.Reports.Count > 1 && a.Reports.Any(r => r.StatusLabel == "No report received") && a.Reports.Any(r => r.SubmittedOn is not null));
        // The summary counts the activities by that status.
        Assert.All(pack.Summary, s => Assert.Equal(pack.Activities.Count(a => a.Implementation == s.Label), s.Activities));
    }

    [Fact]
    public async Task The_june_packs_overdue_list_tells_each_obligations_history_as_dated_events()
    {
        await using var db = _run.Open();
        var pack = PackBuilder.Load(db, Calendar, JuneMeeting, new DateOnly(2013, 3, 14), "en", Podgorica);
        var dated = new System.Text.RegularExpressions.Regex($@"^[a-z][A-Za-z ]+ (\d{{1,2}}) ({string.Join('|', EnglishMonths)}) (\d{{4}})$");
        Assert.NotEmpty(pack.Overdue);
        foreach (var o in pack.Overdue)
        {
            Assert.NotEmpty(o.History);
            Assert.All(o.History, h => Assert.Matches(dated, h.Text));
            Assert.All(o.History, h => Assert.InRange(h.On, Adoption, JuneMeeting));
            Assert.Equal(o.History.Select(h => h.On).Order(), o.History.Select(h => h.On));
            var overdue = Assert.Single(o.History, h => h.Text.StartsWith("overdue ", StringComparison.Ordinal));
            Assert.True(overdue.On > o.DueDate, $"{o.ActivityCode} {o.Institution}: overdue on {overdue.On}, due {o.DueDate}");
            Assert.StartsWith("reminded ", o.History[0].Text, StringComparison.Ordinal);
            if (o.EscalationLevel >= 1)
            {
                Assert.Contains(o.History, h => h.Text.StartsWith("escalated to the head of the institution ", StringComparison.Ordinal));
            }

            if (o.EscalationLevel >= 2)
            {
                Assert.Contains(o.History, h => h.Text.StartsWith("escalated to the Office and the Working Group chair ", StringComparison.Ordinal));
            }

            Assert.DoesNotContain("escalation-", o.LastMail ?? string.Empty, StringComparison.Ordinal);
        }

        // The archived pack reads the same way: no journal lines in its overdue table.
        var html = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(Packs, "2013-06-13"), "*.html")));
        var table = html[html.IndexOf("<h2>Overdue reports</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Activities</h2>", StringComparison.Ordinal)];
        Assert.DoesNotContain("→", table, StringComparison.Ordinal);
        Assert.DoesNotContain(">done<", table, StringComparison.Ordinal);
        Assert.DoesNotContain("<br>done", table, StringComparison.Ordinal);
        Assert.Contains("escalated to the head of the institution", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_to_the_government_takes_in_reports_on_its_period_until_it_is_assembled_and_marks_late_ones()
    {
        await using var db = _run.Open();
        var period = GovernmentReport.Parse("2012-H2");
        // The report workflow assembled it the working day after the period, 3 January 2013 at 09:00 in Podgorica.
        var assembled = PackBuilder.AssembledAt(db, period);
        Assert.Equal(new DateTime(2013, 1, 3, 8, 0, 0, DateTimeKind.Utc), assembled);

        // Assembled a month later, it takes in the reports on the period's obligations that came in January.
        var later = new DateTime(2013, 2, 1, 8, 0, 0, DateTimeKind.Utc);
        var report = PackBuilder.LoadReport(db, Calendar, period, "en", Podgorica, later);
        var obligations = await db.Obligations.AsNoTracking().Where(o => !o.Removed && o.Kind == ObligationKind.Report).ToDictionaryAsync(o => o.Id);
        var activities = await db.Activities.AsNoTracking().ToDictionaryAsync(a => a.Key);
        var names = InstitutionDirectory.Load(RepoPaths.Combine("workflows", "institutions.yaml")).All.ToDictionary(i => i.Id, i => i.NameEn);
        var january = (await db.Reports.AsNoTracking().ToListAsync())
            .Where(r => obligations.TryGetValue(r.ObligationId, out var o) && o.PeriodEnd <= period.End && r.SubmittedAt >= EndOf(period.End) && r.SubmittedAt < later)
            .GroupBy(r => r.ObligationId).Select(g => g.OrderByDescending(r => r.SubmittedAt).First()).ToList();
        Assert.NotEmpty(january);
        foreach (var r in january)
        {
            var o = obligations[r.ObligationId];
            var row = Assert.Single(report.Obligations, a => a.AreaTitle == activities[o.ActivityKey].AreaTitle && a.ActivityCode == activities[o.ActivityKey].Reference && a.Institution == names[o.InstitutionId] && a.Period == Core.Mail.PeriodLabels.Title(o.PeriodLabel, "en"));
            Assert.Equal(LocalDay(r.SubmittedAt), row.LatestReportOn);
            // All of them were due by the end of 2012: late, and said so in the annex and its history.
            Assert.True(row.LatestReportLate);
            Assert.Contains("report received late ", row.History, StringComparison.Ordinal);
            Assert.DoesNotContain(report.Overdue, x => x.ActivityCode == row.ActivityCode && x.Institution == row.Institution && x.Period == row.Period && x.ActivityTitle == row.ActivityTitle);
        }

        // Still missing on 1 February: overdue by the working days to that day.
        Assert.NotEmpty(report.Overdue);
        Assert.All(report.Overdue, x => Assert.Equal(Calendar.WorkingDaysBetween(x.DueDate, new DateOnly(2013, 2, 1)), x.WorkingDaysOverdue));

        // The archived report took in what had come by its own assembly, and nothing after.
        using var workbook = new XLWorkbook(Assert.Single(Directory.GetFiles(Path.Combine(Packs, "government-report-2012-H2"), "*.xlsx")));
        var rows = workbook.Worksheets.First().RowsUsed().Skip(1).ToList();
        Assert.All(rows.Where(x => !x.Cell(11).IsEmpty()), x => Assert.True(DateOnly.FromDateTime(x.Cell(11).GetDateTime()) <= new DateOnly(2013, 1, 3)));
    }

    [Fact]
    public async Task Packs_reports_and_their_tables_name_areas_and_institutions_never_by_their_keys()
    {
        var catalogue = CatalogueYaml.Load(SimulationRuns.Catalogue);
        var keys = catalogue.Areas.Select(a => a.Id)
            .Concat(InstitutionDirectory.Load(RepoPaths.Combine("workflows", "institutions.yaml")).Ids)
            .Concat(catalogue.Activities.SelectMany(a => a.Implementers))
            .ToList();
        Assert.Contains("prevention-and-education", keys);
        Assert.Contains("moi-office", keys);

        var scanned = 0;
        var found = new List<string>();
        foreach (var file in Directory.GetFiles(Packs, "*.*", SearchOption.AllDirectories))
        {
            var pieces = Path.GetExtension(file) switch
            {
                ".html" => VisibleKeys.OfHtml(await File.ReadAllTextAsync(file)),
                ".docx" => VisibleKeys.OfDocx(await File.ReadAllBytesAsync(file)),
                _ => null,
            };
            if (pieces is null)
            {
                continue;
            }

            scanned++;
            found.AddRange(VisibleKeys.Find(pieces, keys).Select(f => $"{Path.GetFileName(file)}: {f}"));
        }

        // Meetings from October 2012 to June 2013 and two reports, each as HTML and DOCX.
        Assert.True(scanned >= 12, $"{scanned} files scanned");
        Assert.Empty(found);

        // The test finds a key where one is printed.
        Assert.NotEmpty(VisibleKeys.Find(VisibleKeys.OfHtml("<table><tr><td>ngos</td><td>seen by moi-office today</td></tr></table>"), keys));
        Assert.Equal(2, VisibleKeys.Find(VisibleKeys.OfHtml("<p>ngos</p><p>seen by moi-office today</p><p>education of judges</p>"), keys).Count);
    }
}
