using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Simulation;

namespace PlanWorkflows.Core.Tests.Simulation;

[Collection(SimulationCollection.Name)]
public sealed class PlanSimulatorTests(SimulationRuns runs)
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Podgorica");

    [Fact]
    public void Default_window_runs_from_adoption_to_thirty_working_days_after_the_period()
    {
        var catalogue = CatalogueYaml.Load(SimulationRuns.Catalogue);
        var (from, to) = PlanSimulator.Window(catalogue, Calendar, null, null);
        Assert.Equal(new DateOnly(2012, 9, 13), from);
        Assert.Equal(Calendar.AddWorkingDays(new DateOnly(2013, 12, 31), 30), to);
        Assert.Throws<ArgumentException>(() => PlanSimulator.Window(catalogue, Calendar, new DateOnly(2013, 1, 1), new DateOnly(2012, 1, 1)));
    }

    [Fact]
    public async Task Without_replies_every_due_obligation_is_reminded_and_ends_overdue_or_escalated()
    {
        var run = runs.None;
        var end = PlanSimulator.Window(CatalogueYaml.Load(SimulationRuns.Catalogue), Calendar, null, null).To;
        await using var db = run.Open();
        // The report periods (and meetings) are the pack workflows' pseudo-obligations: nobody is reminded of them or reports on them.
        var obligations = (await db.Obligations.AsNoTracking().ToListAsync()).Where(o => o.Kind == ObligationKind.Report).ToList();
        var reminded = (await db.Outbox.Where(m => m.Template == "first-reminder").Select(m => m.ObligationId).ToListAsync()).ToHashSet();
        // Due by the end, with a full working day left for the ladder's first step past the due date.
        var due = obligations.Where(o => Calendar.AddWorkingDays(o.DueDate, 1) < end).ToList();

        Assert.NotEmpty(due);
        Assert.All(due, o => Assert.Contains((long?)o.Id, reminded));
        Assert.All(due, o => Assert.True(o.Status is ObligationStatus.Overdue or ObligationStatus.Escalated, $"{o.ActivityKey}/{o.InstitutionId}/{o.PeriodLabel} is {o.Status}"));
        Assert.Empty(db.Reports);
        Assert.Equal(0, run.Result.RepliesReceived);
        Assert.Equal(due.Count, run.Result.OverdueAtEnd);
        Assert.True(run.Result.Escalations > 0);
        Assert.Contains(run.MailFiles, f => f.EndsWith("-escalation-head.eml", StringComparison.Ordinal));
        Assert.Contains(run.MailFiles, f => f.EndsWith("-escalation-office.eml", StringComparison.Ordinal));
        Assert.Equal(run.Result.MailsSent, run.MailFiles.Count);
        Assert.InRange(run.Result.MailsSent, 1, run.Result.EmailsQueued - 1); // digests carry several rows
        Assert.All(await db.Outbox.ToListAsync(), m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    [Fact]
    public async Task When_everyone_reports_on_time_nothing_is_escalated_and_every_obligation_is_reported_or_accepted()
    {
        var run = runs.OnTime;
        await using var db = run.Open();
        // The report periods (and meetings) are the pack workflows' pseudo-obligations: nobody is reminded of them or reports on them.
        var obligations = (await db.Obligations.AsNoTracking().ToListAsync()).Where(o => o.Kind == ObligationKind.Report).ToList();
        Assert.All(obligations, o => Assert.True(o.Status is ObligationStatus.Reported or ObligationStatus.Accepted, $"{o.ActivityKey}/{o.InstitutionId}/{o.PeriodLabel} is {o.Status}"));
        Assert.All(obligations, o => Assert.Equal(0, o.EscalationLevel));
        Assert.Equal(0, run.Result.Escalations);
        Assert.Equal(0, run.Result.OverdueAtEnd);
        Assert.DoesNotContain(run.MailFiles, f => f.Contains("-escalation-", StringComparison.Ordinal) || f.Contains("-overdue-", StringComparison.Ordinal));
        Assert.True(run.Result.RepliesReceived >= obligations.Count);

        // Each first report arrives after the obligation's first reminder and by its due date.
        var firstMails = (await db.Outbox.AsNoTracking().ToListAsync()).GroupBy(m => m.ObligationId!.Value).ToDictionary(g => g.Key, g => g.Min(m => m.CreatedAt));
        foreach (var report in await db.Reports.AsNoTracking().Where(r => r.Version == 1).ToListAsync())
        {
            var obligation = obligations.Single(o => o.Id == report.ObligationId);
            Assert.True(report.SubmittedAt > firstMails[obligation.Id], $"report of {obligation.Id} before its first reminder");
            Assert.True(Local(report.SubmittedAt) <= obligation.DueDate, $"report of {obligation.Id} after its due date {obligation.DueDate}");
        }
    }

    [Fact]
    public async Task Realistic_replies_are_mostly_on_time_some_late_and_some_never()
    {
        var run = runs.Realistic;
        await using var db = run.Open();
        var obligations = (await db.Obligations.AsNoTracking().ToListAsync()).Where(o => o.Kind == ObligationKind.Report).ToDictionary(o => o.Id);
        var firstReports = await db.Reports.AsNoTracking().Where(r => r.Version == 1).ToListAsync();
        var onTime = firstReports.Count(r => Local(r.SubmittedAt) <= obligations[r.ObligationId].DueDate);
        var late = firstReports.Count - onTime;
        var never = obligations.Count - firstReports.Count;

        Assert.InRange(never, obligations.Count * 0.05, obligations.Count * 0.15);
        Assert.True(late > 0 && onTime > late, $"{onTime} on time, {late} late");
        Assert.Contains(firstReports, r => obligations[r.ObligationId].EscalationLevel > 0); // some answer only after an escalation
        // Late by 1–15 working days, except what was already overdue when the run began: that is answered as soon as it is first mailed.
        var start = PlanSimulator.Window(CatalogueYaml.Load(SimulationRuns.Catalogue), Calendar, null, null).From;
        Assert.All(firstReports.Where(r => Local(r.SubmittedAt) > obligations[r.ObligationId].DueDate && obligations[r.ObligationId].DueDate > start),
            r => Assert.InRange(Calendar.WorkingDaysBetween(obligations[r.ObligationId].DueDate, Local(r.SubmittedAt)), 1, 15));
        Assert.True(run.Result.Escalations > 0 && run.Result.Escalations < runs.None.Result.Escalations);
        Assert.True(await db.Reports.AnyAsync(r => r.Version > 1), "a returned report is answered again");
    }

    [Fact]
    public void Same_seed_gives_the_same_result_and_the_same_mail_folder()
    {
        Assert.Equal(runs.Realistic.Result with { WallSeconds = 0 }, runs.RealisticAgain.Result with { WallSeconds = 0 });
        Assert.Equal(runs.Realistic.MailFiles, runs.RealisticAgain.MailFiles);
        Assert.NotEmpty(runs.Realistic.MailFiles);
        foreach (var file in runs.Realistic.MailFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(runs.Realistic.MailPath, file)), File.ReadAllBytes(Path.Combine(runs.RealisticAgain.MailPath, file)));
        }
    }

    [Fact]
    public void A_different_seed_gives_a_different_run()
    {
        Assert.NotEqual(runs.Realistic.Result with { WallSeconds = 0 }, runs.RealisticSeed2.Result with { WallSeconds = 0 });
        Assert.NotEqual(runs.Realistic.MailFiles, runs.RealisticSeed2.MailFiles);
    }

    [Fact]
    public async Task Every_mail_file_parses_and_is_dated_at_the_virtual_time_it_was_queued()
    {
        var run = runs.Realistic;
        await using var db = run.Open();
        // Rows withdrawn by a report before they were sent never became mail.
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Status != OutboxStatus.Cancelled).OrderBy(m => m.Id).ToListAsync();
        var folder = new MailFolder(run.MailPath, Zone);
        Assert.Equal(run.Result.MailsSent, run.MailFiles.Count);
        Assert.Equal(Messages(rows).Count, run.MailFiles.Count);
        foreach (var group in Messages(rows))
        {
            var row = group[0];
            var created = new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc));
            var message = await MimeMessage.LoadAsync(Path.Combine(run.MailPath, folder.FileName(created, row.Id, row.Template)));
            Assert.Equal(created, message.Date);
            Assert.InRange(message.Date.Year, 2012, 2014);
            Assert.Equal(row.MessageId, message.MessageId);
            Assert.Equal(new MailOptions().FromAddress, message.From.Mailboxes.Single().Address);
            // A digest lists its recipients in a normalised order.
            Assert.Equal(row.To.Split(", ").Order(StringComparer.Ordinal), message.To.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal));
            Assert.Matches(@"^reports\+[A-Za-z0-9_-]{22}@", message.ReplyTo.Mailboxes.Single().Address);
            Assert.False(string.IsNullOrWhiteSpace(message.Subject));
            Assert.False(string.IsNullOrWhiteSpace(message.TextBody));
            Assert.False(string.IsNullOrWhiteSpace(message.HtmlBody));
            Assert.All(group, r => Assert.Equal(OutboxStatus.Sent, r.Status));
            Assert.All(group, r => Assert.Equal(r.CreatedAt, r.SentAt));
        }
    }

    [Fact]
    public async Task A_simulated_reminder_is_the_templated_mail_in_the_contacts_language_with_a_calendar_entry()
    {
        var run = runs.Realistic;
        await using var db = run.Open();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Template == "first-reminder").OrderBy(m => m.Id).ToListAsync();
        var folder = new MailFolder(run.MailPath, Zone);
        var prefixes = new Dictionary<string, string> { ["cnr"] = "Podsjećanje: ", ["en"] = "Reminder: " };
        var digests = Messages(rows);
        Assert.NotEmpty(digests);
        foreach (var digest in digests)
        {
            var first = digest[0];
            var message = await MimeMessage.LoadAsync(Path.Combine(run.MailPath, folder.FileName(new DateTimeOffset(DateTime.SpecifyKind(first.CreatedAt, DateTimeKind.Utc)), first.Id, first.Template)));
            var name = JsonModel(first, first.Language == MailLanguages.Montenegrin ? "institutionNameCnr" : "institutionName");
            Assert.StartsWith(prefixes[first.Language] + name, message.Subject, StringComparison.Ordinal);
            Assert.Contains(PeriodLabels.Name(JsonModel(first, "period")!, first.Language), message.Subject, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\d{4}-(Q|H)\d|\bby \d", message.Subject);
            Assert.DoesNotContain("{{", message.TextBody, StringComparison.Ordinal);
            foreach (var row in digest)
            {
                Assert.Contains(JsonModel(row, "activityTitle")!, message.TextBody, StringComparison.Ordinal);
            }

            var ics = message.Attachments.OfType<MimePart>().Single(a => a.FileName == MailComposer.CalendarFileName);
            Assert.Equal("text/calendar", ics.ContentType.MimeType);
            using var stream = new MemoryStream();
            await ics.Content!.DecodeToAsync(stream);
            var calendar = Ical.Net.Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
            var entry = Assert.Single(calendar.Events);
            var due = digest.Min(r => DateOnly.ParseExact(JsonModel(r, "dueDate")!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            Assert.Equal(due.ToDateTime(new TimeOnly(9, 0)), entry.Start!.Value);
        }
    }

    [Fact]
    public async Task An_institution_with_several_activities_due_in_a_round_gets_one_digest()
    {
        var run = runs.None;
        await using var db = run.Open();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Template == "first-reminder").OrderBy(m => m.Id).ToListAsync();
        var digest = Messages(rows).MaxBy(g => g.Count)!;
        Assert.True(digest.Count > 1, "some institution has several activities due in one round");

        var folder = new MailFolder(run.MailPath, Zone);
        var first = digest[0];
        var file = folder.FileName(new DateTimeOffset(DateTime.SpecifyKind(first.CreatedAt, DateTimeKind.Utc)), first.Id, first.Template);
        Assert.Contains(file, run.MailFiles);
        // The other rows of the digest have no file of their own.
        Assert.All(digest.Skip(1), r => Assert.DoesNotContain(run.MailFiles, f => f.Split('-')[2] == r.Id.ToString(CultureInfo.InvariantCulture)));
        var message = await MimeMessage.LoadAsync(Path.Combine(run.MailPath, file));
        Assert.Equal(first.To, message.To.Mailboxes.Single().Address);
        Assert.Equal(digest.Count, digest.Select(r => JsonModel(r, "activityKey")).Distinct().Count());
        Assert.All(digest, r => Assert.Contains(JsonModel(r, "activityTitle")!, message.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_database_stays_behind_with_the_whole_run_in_it()
    {
        var run = runs.Realistic;
        Assert.True(File.Exists(run.DatabasePath));
        await using var db = run.Open();
        Assert.Equal(run.Result.Obligations, await db.Obligations.CountAsync(o => !o.Removed));
        Assert.Equal(run.Result.Instances, await db.Instances.CountAsync());
        Assert.Equal(run.Result.EmailsQueued, await db.Outbox.CountAsync());
        Assert.Equal(run.Result.MailsSent, run.MailFiles.Count);
        Assert.Equal(run.Result.RepliesReceived, await db.Reports.CountAsync());
        Assert.Equal(run.Result.Escalations, await db.Obligations.CountAsync(o => o.EscalationLevel > 0));
        Assert.True(run.Result.StepsExecuted >= await db.Journal.CountAsync(j => j.Event == "step"));
        Assert.Equal(run.Result.Packs, await db.PackRequests.CountAsync());
    }

    /// <summary>
    /// The messages the rows should have become, each as its rows: reminders of one template, institution,
    /// round, recipients and day are one digest (as <see cref="DigestBuilder"/> groups them), every other row one mail.
    /// </summary>
    private static List<List<OutboxMessage>> Messages(IEnumerable<OutboxMessage> rows) =>
        [.. rows.GroupBy(r => MailComposer.IsDigest(r.Template)
                ? $"{r.Template}|{r.InstitutionId}|{JsonModel(r, "period")}|{r.To}|{r.Cc}|{Local(r.NotBefore)}"
                : $"row|{r.Id}")
            .Select(g => g.OrderBy(r => r.Id).ToList())];

    private static DateOnly Local(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    private static string? JsonModel(OutboxMessage row, string name) => System.Text.Json.Nodes.JsonNode.Parse(row.ModelJson)?[name]?.GetValue<string>();
}
