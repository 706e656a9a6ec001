using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Replies;

public sealed class OfficeReviewTests
{
    [Fact]
    public async Task Returned_report_goes_back_to_the_institution_and_the_corrected_one_is_accepted()
    {
        var start = new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
        using var fixture = new EngineFixture(start);
        await using (var db = fixture.Create())
        {
            await DefinitionStore.PublishShippedAsync(db, DefinitionCatalog.LoadFolder(RepoPaths.Combine("workflows", "definitions")).ByName.Values, fixture.Now);
        }

        await new ObligationSync(fixture.Create, fixture.Calendar, (_, _) => "deadline-report")
            .SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])), EngineFixture.Institutions, fixture.Now);
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 20, 9, 0, 0, TimeSpan.Zero), engine);

        long obligationId;
        await using (var db = fixture.Create())
        {
            obligationId = (await db.Obligations.SingleAsync()).Id;
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "Done.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 20, 10, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal("review", (await db.Bookmarks.SingleAsync()).Kind);
            await ReportReview.ReturnAsync(db, obligationId, null, "Please add the number of participants.", new Reviewer("office", "office"), fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 20, 11, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(ObligationStatus.Returned, (await db.Obligations.SingleAsync()).Status);
            var returned = await db.Outbox.SingleAsync(m => m.Template == "report-returned");
            Assert.Equal("ministry-health.focal@example.org", returned.To);
            await WorkflowEngine.SubmitReportAsync(db, obligationId, ImplementationStatus.Implemented, "Done: 3 trainings, 45 participants.", "form", "focal point", fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 27, 11, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal("review", (await db.Bookmarks.SingleAsync()).Kind);
            await ReportReview.AcceptAsync(db, obligationId, null, null, new Reviewer("office", "office"), fixture.Now);
        }

        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 27, 12, 0, 0, TimeSpan.Zero), engine);
        await using (var db = fixture.Create())
        {
            Assert.Equal(ObligationStatus.Accepted, (await db.Obligations.SingleAsync()).Status);
            Assert.Equal(InstanceStatus.Completed, (await db.Instances.SingleAsync()).Status);
            Assert.Equal([1, 2], db.Reports.OrderBy(r => r.Version).Select(r => r.Version));
            Assert.Empty(db.Incidents);
            Assert.Contains(db.Journal, j => j.Event == "returned" && j.Message.Contains("number of participants", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Office_attaches_or_discards_mail_from_the_review_queue()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 3, 20, 9, 0, 0, TimeSpan.Zero));
        long obligationId, freeText, spam;
        await using (var db = fixture.Create())
        {
            var obligation = new Obligation { ActivityKey = "education/1.1.1", InstitutionId = "judicial-training-centre", PeriodLabel = "2013-H1", DueDate = new DateOnly(2013, 7, 1), CreatedAt = fixture.Now, UpdatedAt = fixture.Now };
            db.Obligations.Add(obligation);
            var a = new InboundMessage { MessageId = "a@x", From = "jtc.focal@example.org", Status = InboundStatus.Review, Kind = "report", ResultJson = "{\"freeText\":\"We held two trainings for judges.\"}", Raw = [1] };
            var b = new InboundMessage { MessageId = "b@x", From = "offers@example.net", Status = InboundStatus.Review, Kind = "report", Raw = [1] };
            db.Inbound.AddRange(a, b);
            await db.SaveChangesAsync();
            (obligationId, freeText, spam) = (obligation.Id, a.Id, b.Id);
        }

        await using (var db = fixture.Create())
        {
            var report = await OfficeReview.AttachAsync(db, freeText, obligationId, ImplementationStatus.ContinuouslyImplemented, "office", fixture.Now);
            Assert.NotNull(report);
            Assert.Equal("We held two trainings for judges.", report.Narrative);
            Assert.True(await OfficeReview.DiscardAsync(db, spam, "advertising", "office"));
            Assert.False(await OfficeReview.DiscardAsync(db, spam, "twice", "office"));
        }

        await using (var check = fixture.Create())
        {
            Assert.Equal(InboundStatus.Attached, (await check.Inbound.SingleAsync(m => m.Id == freeText)).Status);
            Assert.Equal("discarded by office: advertising", (await check.Inbound.SingleAsync(m => m.Id == spam)).Note);
            Assert.Equal(ObligationStatus.Reported, (await check.Obligations.SingleAsync()).Status);
            Assert.Equal(freeText, (await check.Reports.SingleAsync()).InboundMessageId);
        }
    }
}

public sealed class AwayContactTests
{
    [Fact]
    public async Task After_an_out_of_office_reply_the_next_reminder_also_goes_to_the_deputy()
    {
        var start = new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero);
        using var fixture = new EngineFixture(start);
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31),
            ("1.1.1", "I Quarter of 2013", ["ministry-health"]), ("1.1.2", "II Quarter of 2013", ["ministry-health"])));
        var engine = fixture.Engine();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero), engine);

        // The focal point's out-of-office answer to the first reminder, read by the inbox.
        var raw = "From: ministry-health.focal@example.org\r\nTo: reports+abcdefghijklmnopqrstuv@planworkflows.local\r\nSubject: Automatski odgovor: Podsjećanje\r\nAuto-Submitted: auto-replied\r\nMessage-Id: <ooo-1@ministry.example.org>\r\n\r\nNisam u kancelariji do 30.06.2013.\r\n"u8.ToArray();
        await using (var db = fixture.Create())
        {
            db.Inbound.Add(new InboundMessage { MessageId = "ooo-1@ministry.example.org", From = "ministry-health.focal@example.org", Raw = raw, Status = InboundStatus.New, ReceivedAt = fixture.Now });
            await db.SaveChangesAsync();
        }

        await new InboundProcessor(fixture.Create, fixture.Time, new InboxOptions(), "planworkflows.local").ProcessNewAsync();
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 6, 18, 9, 0, 0, TimeSpan.Zero), engine);

        await using var check = fixture.Create();
        Assert.Equal(InboundStatus.Processed, (await check.Inbound.SingleAsync()).Status);
        var focal = await check.Contacts.SingleAsync(c => c.Email == "ministry-health.focal@example.org");
        Assert.True(focal.OutOfOfficeUntil > new DateTime(2013, 6, 18, 0, 0, 0, DateTimeKind.Utc));
        var second = await check.Outbox.Where(m => m.Template == "first-reminder").OrderBy(m => m.Id).Skip(1).SingleAsync();
        Assert.Equal("ministry-health.focal@example.org, ministry-health.deputy@example.org", second.To);
        var first = await check.Outbox.Where(m => m.Template == "first-reminder").OrderBy(m => m.Id).FirstAsync();
        Assert.Equal("ministry-health.focal@example.org", first.To);
    }
}

public sealed class InboundReviewQueueTests
{
    private static byte[] Mail(string from, string to, string body) =>
        System.Text.Encoding.UTF8.GetBytes($"From: {from}\r\nTo: {to}\r\nSubject: RE: izvještaj\r\nMessage-Id: <{Guid.NewGuid():N}@x>\r\n\r\n{body}\r\n");

    [Theory]
    [InlineData("stranger@example.net", true, "not a contact of ministry-health")]
    [InlineData("stranger@example.net", false, "is no known contact")]
    [InlineData("ministry-health.focal@example.org", true, "without a filled reply form")]
    public async Task Mail_that_cannot_be_matched_safely_waits_for_the_Office_with_the_reason(string from, bool withToken, string reason)
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 3, 20, 9, 0, 0, TimeSpan.Zero));
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "II Quarter of 2013", ["ministry-health"])));
        var token = PlanWorkflows.Core.Mail.ReplyTokens.NewToken();
        await using (var db = fixture.Create())
        {
            PlanWorkflows.Core.Mail.ReplyTokens.Issue(db, token, "ministry-health", "by 2013-Q2", "cnr", fixture.Now, fixture.Now.AddDays(120), "pw.1.1.1@planworkflows.local");
            var to = withToken ? $"reports+{token}@planworkflows.local" : "reports@planworkflows.local";
            db.Inbound.Add(new InboundMessage { MessageId = "m1", From = from, Raw = Mail(from, to, "Dostavljamo izvještaj: sve je realizovano."), Status = InboundStatus.New, ReceivedAt = fixture.Now });
            await db.SaveChangesAsync();
        }

        await new InboundProcessor(fixture.Create, fixture.Time, new InboxOptions(), "planworkflows.local").ProcessNewAsync();
        await using var check = fixture.Create();
        var message = await check.Inbound.SingleAsync();
        Assert.Equal(InboundStatus.Review, message.Status);
        Assert.Contains(reason, message.Note, StringComparison.Ordinal);
        Assert.Empty(check.Reports);
        Assert.NotEmpty(message.Raw);
    }

    [Fact]
    public async Task A_mail_over_the_size_limit_is_kept_unread_for_the_Office()
    {
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 3, 20, 9, 0, 0, TimeSpan.Zero));
        var huge = new byte[31 * 1024 * 1024];
        Mail("a@b.c", "reports@planworkflows.local", "x").CopyTo(huge, 0);
        await using (var db = fixture.Create())
        {
            db.Inbound.Add(new InboundMessage { MessageId = "big", From = "a@b.c", Raw = huge, Status = InboundStatus.New, ReceivedAt = fixture.Now });
            await db.SaveChangesAsync();
        }

        await new InboundProcessor(fixture.Create, fixture.Time, new InboxOptions(), "planworkflows.local").ProcessNewAsync();
        await using var check = fixture.Create();
        var message = await check.Inbound.SingleAsync();
        Assert.Equal(InboundStatus.Review, message.Status);
        Assert.Equal("too large to read (31 MB; the limit is 25 MB)", message.Note);
        Assert.Equal(huge.Length, message.Raw.Length);
    }
}
