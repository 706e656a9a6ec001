using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
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

    private PackArchiver Archiver(EngineFixture fixture, long maxBytes = 10 * 1024 * 1024) =>
        new(fixture.Create, fixture.Calendar, new PackOptions { ArchiveFolder = _archive, MaxAttachmentBytes = maxBytes, DownloadBaseUrl = "https://packs.example.org/" });

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
