using System.Globalization;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;

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
}
