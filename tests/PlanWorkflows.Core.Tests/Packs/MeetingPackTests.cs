using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Status;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Packs;

public sealed class MeetingPackTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly[] Meetings = [new(2013, 3, 14), new(2013, 6, 13)];
    private static readonly MailOptions Mail = new() { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
    private readonly string _archive = Directory.CreateTempSubdirectory("packs-").FullName;

    private static PlanCatalogue Plan() => EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
        ("1.1.1", "I Quarter of 2013", ["ministry-health"]),
        ("1.1.2", "twice a year", ["police-directorate"]));

    private static async Task<EngineFixture> MeetingsRunAsync(DateTimeOffset until)
    {
        var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await using (var db = fixture.Create())
        {
            var json = await File.ReadAllTextAsync(RepoPaths.Combine("workflows", "definitions", "working-group-meeting.json"));
            await DefinitionStore.PublishShippedAsync(db, [DefinitionJson.Parse(json, "working-group-meeting.json")], fixture.Now);
        }

        await fixture.SyncAsync(Plan());
        Assert.Equal(2, await new MeetingSync(fixture.Create, "working-group-meeting").SyncAsync(Meetings, fixture.Now));
        await fixture.RunUntilAsync(until, fixture.Engine());
        return fixture;
    }

    private PackArchiver Archiver(EngineFixture fixture, long maxBytes = 10 * 1024 * 1024, MeetingPlan? plan = null) =>
        new(fixture.Create, fixture.Calendar, new PackOptions { ArchiveFolder = _archive, MaxAttachmentBytes = maxBytes, DownloadBaseUrl = "https://packs.example.org/" }, plan: plan, mail: Mail);

    private static TemplatedOutboxComposer Composer(EngineFixture fixture) =>
        new(MailTemplates.Load(RepoPaths.Combine("email-templates")), new MailComposer(Mail, fixture.Time), new DigestBuilder(Mail, _ => string.Empty), Mail);

    private static string DocxTitle(string path)
    {
        using var document = WordprocessingDocument.Open(path, false);
        return document.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().First().InnerText;
    }

    [Fact]
    public async Task Members_get_a_calendar_request_per_meeting_with_its_time_and_a_uid_that_an_update_keeps()
    {
        using var fixture = await MeetingsRunAsync(new DateTimeOffset(2013, 1, 8, 0, 0, 0, TimeSpan.Zero));
        var plan = new MeetingPlan([new MeetingEntry(Meetings[0], null, new TimeOnly(11, 30), 90, "Ministry of Interior, Podgorica", "test")], []);
        List<OutboxMessage> rows;
        await using (var db = fixture.Create())
        {
            rows = await db.Outbox.AsNoTracking().Where(m => m.Template == KnownTemplates.MeetingInvitation).OrderBy(m => m.Id).ToListAsync();
        }

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("working-group-members.focal@example.org", r.To));
        var pickup = Path.Combine(_archive, "pickup");
        var transport = new PickupFolderTransport(pickup);
        async Task<Calendar> SendAsync(OutboxMessage row)
        {
            Archiver(fixture, plan: plan).Prepare([row]);
            var message = Assert.Single(Composer(fixture).Compose([row])).Message;
            await transport.SendAsync(message, CancellationToken.None);
            var sent = await MimeMessage.LoadAsync(Path.Combine(pickup, message.MessageId!.Replace('@', '_') + ".eml"));
            var ics = Assert.Single(sent.Attachments.OfType<MimePart>(), a => a.ContentDisposition?.FileName?.EndsWith(".ics", StringComparison.Ordinal) == true);
            Assert.Equal("text/calendar", ics.ContentType.MimeType);
            using var content = new MemoryStream();
            await ics.Content!.DecodeToAsync(content);
            return Calendar.Load(System.Text.Encoding.UTF8.GetString(content.ToArray()))!;
        }

        var first = await SendAsync(rows[0]);
        Assert.Equal("REQUEST", first.Method);
        var meeting = Assert.Single(first.Events);
        Assert.Equal(new DateTime(2013, 3, 14, 11, 30, 0), meeting.DtStart!.Value);
        Assert.Equal("Europe/Podgorica", meeting.DtStart.TzId);
        // The zone's rules cover the meeting's date, so a client places it at 10:30 UTC (CET, +01:00).
        Assert.Equal(new DateTime(2013, 3, 14, 10, 30, 0, DateTimeKind.Utc), meeting.DtStart.AsUtc);
        var text = new Ical.Net.Serialization.CalendarSerializer().SerializeToString(first)!;
        var zone = text[text.IndexOf("BEGIN:VTIMEZONE", StringComparison.Ordinal)..text.IndexOf("END:VTIMEZONE", StringComparison.Ordinal)];
        var starts = System.Text.RegularExpressions.Regex.Matches(zone, @"DTSTART:(\d{4})").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(starts);
        Assert.All(starts, year => Assert.True(year <= 2013, $"the zone's rules start in {year}"));
        Assert.Equal(new DateTime(2013, 3, 14, 13, 0, 0), meeting.DtEnd!.Value);
        Assert.Equal("Ministry of Interior, Podgorica", meeting.Location);
        Assert.Equal(MeetingInvitation.Uid(Meetings[0], Mail.ReplyDomain), meeting.Uid);
        Assert.Equal(0, meeting.Sequence);
        Assert.Contains(meeting.Attendees, a => a.Value!.ToString() == "mailto:working-group-members.focal@example.org");
        Assert.Equal("mailto:reports@planworkflows.local", meeting.Organizer!.Value!.ToString());

        // A meeting not in the plan's list keeps the default time.
        var second = Assert.Single((await SendAsync(rows[1])).Events);
        Assert.Equal(new DateTime(2013, 6, 13, 10, 0, 0), second.DtStart!.Value);
        Assert.NotEqual(meeting.Uid, second.Uid);

        // Invited again (the meeting moved to the afternoon): the same UID with a higher sequence replaces the entry.
        OutboxMessage again;
        await using (var db = fixture.Create())
        {
            again = new OutboxMessage
            {
                MessageId = "again.1@planworkflows.local", InstanceId = rows[0].InstanceId, ObligationId = rows[0].ObligationId, Template = rows[0].Template,
                Language = rows[0].Language, To = rows[0].To, ModelJson = rows[0].ModelJson, CreatedAt = fixture.Now, NotBefore = fixture.Now, Status = OutboxStatus.Queued,
            };
            db.Outbox.Add(again);
            await db.SaveChangesAsync();
        }

        var moved = new MeetingPlan([new MeetingEntry(Meetings[0], null, new TimeOnly(14, 0), 90, "Ministry of Interior, Podgorica", "test")], []);
        plan = moved;
        var update = Assert.Single((await SendAsync(again)).Events);
        Assert.Equal(meeting.Uid, update.Uid);
        Assert.Equal(1, update.Sequence);
        Assert.Equal(new DateTime(2013, 3, 14, 14, 0, 0), update.DtStart!.Value);
    }

    [Fact]
    public async Task A_pack_that_cannot_be_built_holds_back_its_own_mail_only()
    {
        using var fixture = await MeetingsRunAsync(new DateTimeOffset(2013, 3, 22, 0, 0, 0, TimeSpan.Zero));
        List<OutboxMessage> rows;
        await using (var db = fixture.Create())
        {
            rows = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sent).OrderBy(m => m.Id).ToListAsync();
        }

        var pack = Assert.Single(rows, r => r.Template == KnownTemplates.PackReady);
        var others = rows.Where(r => !PackArchiver.Concerns(r)).ToList();
        Assert.NotEmpty(others);

        // The archive folder is a file: the pack cannot be written.
        var blocked = Path.Combine(_archive, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "x");
        var broken = new PackArchiver(fixture.Create, fixture.Calendar, new PackOptions { ArchiveFolder = blocked }, mail: Mail);
        var reported = new List<(Exception Error, int Held)>();
        var mails = broken.Composing(Composer(fixture).Compose, (ex, held) => reported.Add((ex, held)))([pack, .. others]);

        var (error, heldCount) = Assert.Single(reported);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(1, heldCount);
        var composed = mails.SelectMany(m => m.RowIds).ToHashSet();
        Assert.DoesNotContain(pack.Id, composed);
        Assert.All(others, r => Assert.Contains(r.Id, composed));

        // With a working archive the same rows compose whole, the pack's mail included.
        var working = Archiver(fixture).Composing(Composer(fixture).Compose, (ex, _) => Assert.Fail(ex.Message))([pack, .. others]);
        Assert.Contains(pack.Id, working.SelectMany(m => m.RowIds));
    }

    [Fact]
    public async Task A_meeting_configured_in_montenegrin_is_archived_and_mailed_in_montenegrin()
    {
        using var fixture = await MeetingsRunAsync(new DateTimeOffset(2013, 3, 8, 0, 0, 0, TimeSpan.Zero));
        var plan = new MeetingPlan([new MeetingEntry(Meetings[0], "cnr", new TimeOnly(10, 0), 120, null, "test")], []);
        var archiver = Archiver(fixture, plan: plan);
        List<OutboxMessage> rows;
        await using (var db = fixture.Create())
        {
            rows = await db.Outbox.AsNoTracking().Where(m => m.Template == KnownTemplates.PackReady).ToListAsync();
        }

        archiver.Prepare(rows);

        Assert.Empty(archiver.Files(Meetings[0], "en"));
        var files = archiver.Files(Meetings[0], "cnr");
        Assert.Equal([".docx", ".html", ".png", ".xlsx"], files.Select(Path.GetExtension));
        Assert.Equal(PackLabels.Montenegrin.Title, DocxTitle(files[0]));
        Assert.Contains("lang=\"sr-Latn-ME\"", await File.ReadAllTextAsync(files[1]), StringComparison.Ordinal);
        var message = Assert.Single(Composer(fixture).Compose(rows)).Message;
        Assert.All(message.Attachments, a => Assert.EndsWith("-cnr" + Path.GetExtension(a.ContentDisposition!.FileName), a.ContentDisposition.FileName, StringComparison.Ordinal));
        await using (var db = fixture.Create())
        {
            Assert.Equal("cnr", (await db.PackRequests.SingleAsync()).Language);
        }
    }

    [Fact]
    public async Task The_report_workflow_archives_the_report_after_the_period_and_mails_it_to_the_office()
    {
        using var fixture = new EngineFixture(Start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await using (var db = fixture.Create())
        {
            var json = await File.ReadAllTextAsync(RepoPaths.Combine("workflows", "definitions", "government-report.json"));
            await DefinitionStore.PublishShippedAsync(db, [DefinitionJson.Parse(json, "government-report.json")], fixture.Now);
        }

        await fixture.SyncAsync(Plan());
        var period = GovernmentReport.Parse("2013-H1");
        var sync = new MeetingSync(fixture.Create, GovernmentReport.DefinitionName, "moi-office", ObligationKind.GovernmentReport);
        Assert.Equal(1, await sync.SyncAsync([period], fixture.Now));
        Assert.Equal(0, await sync.SyncAsync([period], fixture.Now));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 7, 2, 12, 0, 0, TimeSpan.Zero), fixture.Engine());

        List<OutboxMessage> rows;
        await using (var db = fixture.Create())
        {
            var request = await db.PackRequests.SingleAsync();
            Assert.Equal(period.End, request.MeetingDate);
            // The working day after the period: 1 July 2013.
            Assert.Equal(new DateOnly(2013, 7, 1), DateOnly.FromDateTime(request.RequestedAt));
            rows = await db.Outbox.AsNoTracking().Where(m => m.Template == KnownTemplates.ReportReady).ToListAsync();
            Assert.DoesNotContain(PlanStatus.Build(db, fixture.Calendar, period.End).Activities, a => a.Key == GovernmentReport.ActivityKey);
        }

        var mail = Assert.Single(rows);
        Assert.Equal("moi-office.focal@example.org", mail.To);
        var archiver = Archiver(fixture);
        archiver.Prepare(rows);
        var files = archiver.Files("government-report-2013-H1", "government-report-2013-H1-cnr");
        Assert.Equal([".docx", ".html", ".png", ".xlsx"], files.Select(Path.GetExtension));
        Assert.Equal(PackLabels.MontenegrinReport.Title, DocxTitle(files[0]));
        var message = Assert.Single(Composer(fixture).Compose(rows)).Message;
        Assert.Contains("Prvo polugodište 2013. godine", message.Subject, StringComparison.Ordinal);
        Assert.Equal(4, message.Attachments.Count());
    }

    [Fact]
    public async Task Five_working_days_before_each_meeting_a_pack_is_requested_archived_once_and_mailed_to_the_secretary()
    {
        using var fixture = await MeetingsRunAsync(new DateTimeOffset(2013, 6, 14, 0, 0, 0, TimeSpan.Zero));

        // Meetings are part of the engine, not of the plan: the catalogue sync leaves them and the status ignores them.
        Assert.Equal(0, await new MeetingSync(fixture.Create, "working-group-meeting").SyncAsync([.. Meetings, new DateOnly(2013, 6, 3)], fixture.Now));
        Assert.Equal(0, (await fixture.SyncAsync(Plan())).Removed);
        await using (var db = fixture.Create())
        {
            Assert.DoesNotContain(PlanStatus.Build(db, fixture.Calendar, new DateOnly(2013, 6, 13)).Activities, a => a.Key.StartsWith("meetings/", StringComparison.Ordinal));
            var requests = await db.PackRequests.OrderBy(r => r.MeetingDate).ToListAsync();
            Assert.Equal(Meetings, requests.Select(r => r.MeetingDate));
            Assert.All(requests, r => Assert.Equal(fixture.Calendar.AddWorkingDays(r.MeetingDate, -5), DateOnly.FromDateTime(r.RequestedAt)));
            var mails = await db.Outbox.Where(m => m.Template == "pack-ready").ToListAsync();
            Assert.Equal(2, mails.Count);
            Assert.All(mails, m => Assert.Equal("working-group.secretary@example.org", m.To));
        }

        var archiver = Archiver(fixture);
        Assert.Equal(2, archiver.BuildRequested().Count);
        Assert.Empty(archiver.BuildRequested());
        await using (var db = fixture.Create())
        {
            Assert.All(await db.PackRequests.ToListAsync(), r => Assert.Equal(PackArchiver.Built, r.Status));
        }

        foreach (var meeting in Meetings)
        {
            Assert.Equal([".docx", ".html", ".png", ".xlsx"], archiver.Files(meeting, "en").Select(Path.GetExtension));
        }

        // Rebuilt from the same data, the archived DOCX comes out byte for byte the same.
        var archived = await File.ReadAllBytesAsync(archiver.Files(Meetings[1], "en")[0]);
        var again = Path.Combine(_archive, "again");
        await using (var db = fixture.Create())
        {
            var rebuilt = PackFiles.Write(PackBuilder.Load(db, fixture.Calendar, Meetings[1], Meetings[0], "en"), again);
            Assert.Equal(archived, await File.ReadAllBytesAsync(rebuilt[0]));
        }
    }

    [Fact]
    public async Task The_pack_ready_mail_carries_the_files_when_small_enough_else_a_link()
    {
        using var fixture = await MeetingsRunAsync(new DateTimeOffset(2013, 3, 8, 0, 0, 0, TimeSpan.Zero));
        var composer = new TemplatedOutboxComposer(MailTemplates.Load(RepoPaths.Combine("email-templates")), new MailComposer(Mail, fixture.Time), new DigestBuilder(Mail, _ => string.Empty), Mail);
        List<OutboxMessage> Rows()
        {
            using var db = fixture.Create();
            return db.Outbox.AsNoTracking().Where(m => m.Template == "pack-ready").ToList();
        }

        var rows = Rows();
        Assert.Single(rows);
        Archiver(fixture).Prepare(rows);
        var message = Assert.Single(composer.Compose(rows)).Message;
        Assert.Equal(["pack-2013-03-14-en.docx", "pack-2013-03-14-en.html", "pack-2013-03-14-en.png", "pack-2013-03-14-en.xlsx"],
            message.Attachments.Select(a => a.ContentDisposition?.FileName));
        Assert.Equal("2013-03-14", JsonNode.Parse(rows[0].ModelJson)!["meetingDate"]!.GetValue<string>());
        Assert.Contains("14", message.Subject, StringComparison.Ordinal);

        var large = Rows();
        Archiver(fixture, maxBytes: 1).Prepare(large);
        var model = JsonNode.Parse(large[0].ModelJson)!.AsObject();
        Assert.Null(model["attachments"]);
        // The link is signed with the archive's key: it opens this meeting's folder and nothing else.
        var url = model["packUrl"]!.GetValue<string>();
        Assert.StartsWith("https://packs.example.org/2013-03-14/?sig=", url, StringComparison.Ordinal);
        var links = PackLinks.For(new PackOptions { ArchiveFolder = _archive });
        Assert.True(links.Verify("2013-03-14", null, url.Split("sig=")[1]));
        Assert.False(links.Verify("2013-06-13", null, url.Split("sig=")[1]));
        var linked = Assert.Single(composer.Compose(large)).Message;
        Assert.Empty(linked.Attachments);
        Assert.Contains(url, linked.TextBody, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_archive, recursive: true);
}
