using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Diagnostics;
using PlanWorkflows.Core.Mail;
using MimeKit;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Tests.Escalation;
using PlanWorkflows.Core.Tests.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Core.Tests.Diagnostics;

/// <summary>The meter is process-wide: its tests run alone, so no other test's engine adds to what they count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

[Collection(MetricsCollection.Name)]
public sealed class PlanMetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ActivityListener _activities;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _spans = new();

    public PlanMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PlanMetrics.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PlanMetrics.Name,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private double Sum(string instrument, string? tag = null, object? value = null) =>
        _measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        _activities.Dispose();
    }

    [Fact]
    public async Task The_ladder_counts_escalations_and_step_latency_and_sending_counts_exactly_the_reminders_sent()
    {
        using var fixture = await LadderTests.LadderAsync(("1.1.1", "ministry-health"), ("1.1.2", "ministry-culture"));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 7, 9, 10, 0, 0, TimeSpan.Zero), fixture.Engine());

        // Both obligations went one rung up (escalation-head) by 8 July.
        Assert.Equal(2, Sum("planworkflows.escalations"));
        var latencies = _measurements.Where(m => m.Instrument == "planworkflows.step.latency").ToList();
        Assert.NotEmpty(latencies);
        Assert.All(latencies, l => Assert.True(l.Value >= 0 && l.Tags.ContainsKey("kind")));
        Assert.Contains(_spans, s => s.OperationName == "engine.batch" && (int)s.GetTagItem("planworkflows.transitions")! > 0);

        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        var composer = new TemplatedOutboxComposer(MailTemplates.Load(RepoPaths.Combine("email-templates")), new MailComposer(mail, fixture.Time),
            new DigestBuilder(mail, _ => "Number of trainings", calendar: fixture.Calendar), mail);
        var pickup = Directory.CreateTempSubdirectory("pickup-").FullName;
        try
        {
            var sender = new OutboxSender(fixture.Create, fixture.Time, new PickupFolderTransport(pickup), rows => composer.Compose(rows), new OutboxOptions(), fixture.Calendar);
            var round = await sender.SendDueAsync();
            Assert.True(round.Sent > 0);

            await using var db = fixture.Create();
            var sent = await db.Outbox.Where(m => m.Status == OutboxStatus.Sent).Select(m => m.Template).ToListAsync();
            // First, final and overdue notice for each of the two obligations.
            var sentReminders = sent.Count(MailComposer.IsReminder);
            Assert.Equal(6, sentReminders);
            Assert.Equal(sentReminders, Sum("planworkflows.reminders.sent"));
            Assert.Equal(2, Sum("planworkflows.reminders.sent", "template", "first-reminder"));
            // The escalations went out in the same round but are not reminders.
            Assert.Equal(2, sent.Count(t => t == "escalation-head"));
            Assert.Contains(_spans, s => s.OperationName == "outbox.send" && (int)s.GetTagItem("planworkflows.sent")! == round.Sent);
        }
        finally
        {
            Directory.Delete(pickup, recursive: true);
        }
    }

    [Fact]
    public async Task A_round_that_fails_unexpectedly_keeps_and_counts_what_it_sent_and_gives_the_rest_back()
    {
        using var fixture = await LadderTests.LadderAsync(("1.1.1", "ministry-health"), ("1.1.2", "ministry-culture"));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 7, 9, 10, 0, 0, TimeSpan.Zero), fixture.Engine());
        Dictionary<long, DateTime> queuedBefore;
        await using (var db = fixture.Create())
        {
            queuedBefore = await db.Outbox.Where(m => m.Status == OutboxStatus.Queued).ToDictionaryAsync(m => m.Id, m => m.NotBefore);
        }

        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        var composer = new TemplatedOutboxComposer(MailTemplates.Load(RepoPaths.Combine("email-templates")), new MailComposer(mail, fixture.Time),
            new DigestBuilder(mail, _ => "Number of trainings", calendar: fixture.Calendar), mail);
        var transport = new FailsAfterFirst();
        var sender = new OutboxSender(fixture.Create, fixture.Time, transport, rows => composer.Compose(rows), new OutboxOptions(), fixture.Calendar);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendDueAsync());

        await using var after = fixture.Create();
        var rows = await after.Outbox.Where(m => queuedBefore.Keys.Contains(m.Id)).ToListAsync();
        var sent = rows.Where(r => r.Status == OutboxStatus.Sent).ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, r => Assert.Contains(transport.First!.MessageId!, r.MessageId, StringComparison.Ordinal));
        Assert.Equal(sent.Count(r => MailComposer.IsReminder(r.Template)), Sum("planworkflows.reminders.sent"));
        // The mail in flight when the round broke keeps its claim; every other row is due again as it was queued.
        var untouched = rows.Where(r => r.Status == OutboxStatus.Queued && r.Attempts == 0 && r.LastError is null && r.NotBefore <= fixture.Now).ToList();
        Assert.True(untouched.Count >= rows.Count - sent.Count - 1, $"{untouched.Count} of {rows.Count - sent.Count} unsent rows were given back");
        Assert.All(untouched, r => Assert.Equal(queuedBefore[r.Id], r.NotBefore));
    }

    /// <summary>Delivers the first mail, then fails as no mail transport is expected to: a bug, not an outage.</summary>
    private sealed class FailsAfterFirst : IMailTransport
    {
        public MimeMessage? First { get; private set; }

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (First is not null)
            {
                throw new InvalidOperationException("transport bug");
            }

            First = message;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_recorded_report_counts_once_by_channel_and_the_gauges_report_overdue_and_outbox_lag()
    {
        using var fixture = await LadderTests.LadderAsync(("1.1.1", "ministry-health"), ("1.1.2", "ministry-culture"));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 7, 3, 10, 0, 0, TimeSpan.Zero), fixture.Engine());
        await using var db = fixture.Create();
        var obligations = await db.Obligations.OrderBy(o => o.Id).ToListAsync();
        Assert.All(obligations, o => Assert.Equal(ObligationStatus.Overdue, o.Status));

        await WorkflowEngine.SubmitReportAsync(db, obligations[0].Id, ImplementationStatus.Implemented, "Done.", "form", "focal", fixture.Now);
        Assert.Equal(1, Sum("planworkflows.reports.received"));
        Assert.Equal(1, Sum("planworkflows.reports.received", "channel", "form"));

        // The mails queued since 17 June were never sent: the oldest still due is the first reminder of the second obligation.
        fixture.Time.Advance(TimeSpan.FromHours(2));
        await using var sample = fixture.Create();
        var oldestDue = await sample.Outbox.Where(m => m.Status == OutboxStatus.Queued).MinAsync(m => m.NotBefore);
        var (overdue, lag) = await PlanMetrics.SampleAsync(sample, fixture.Now);
        Assert.Equal(1, overdue);
        Assert.Equal(fixture.Now - oldestDue, lag);
        Assert.True(lag > TimeSpan.FromDays(10));

        _listener.RecordObservableInstruments();
        Assert.Equal(1, _measurements.Last(m => m.Instrument == "planworkflows.obligations.overdue").Value);
        Assert.Equal(lag.TotalSeconds, _measurements.Last(m => m.Instrument == "planworkflows.outbox.lag").Value, 3);
    }

    [Fact]
    public async Task A_reply_by_mail_counts_one_email_report_once_its_mail_is_processed()
    {
        var mail = new MailOptions { FromAddress = "reports@planworkflows.local", ReplyDomain = "planworkflows.local" };
        using var fixture = new EngineFixture(new DateTimeOffset(2013, 1, 7, 8, 0, 0, TimeSpan.Zero));
        await fixture.PublishAsync(EngineFixture.Ladder);
        await fixture.SyncAsync(EngineFixture.Catalogue(new DateOnly(2013, 1, 1), new DateOnly(2013, 12, 31), ("1.1.1", "I Quarter of 2013", ["ministry-health"])));
        await fixture.RunUntilAsync(new DateTimeOffset(2013, 3, 18, 9, 0, 0, TimeSpan.Zero), fixture.Engine());
        var pickup = Directory.CreateTempSubdirectory("pickup-").FullName;
        try
        {
            var composer = new TemplatedOutboxComposer(MailTemplates.Load(RepoPaths.Combine("email-templates")), new MailComposer(mail, fixture.Time), new DigestBuilder(mail, _ => "Number of trainings"), mail);
            await new OutboxSender(fixture.Create, fixture.Time, new PickupFolderTransport(pickup), composer.Compose, new OutboxOptions(), fixture.Calendar).SendDueAsync();
            var reminder = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(pickup, "*.eml")));
            var form = reminder.TextBody!;
            var reply = new MimeMessage { Subject = "RE: " + reminder.Subject, InReplyTo = reminder.MessageId, MessageId = "reply-metrics@ministry.example.org" };
            reply.From.Add(MailboxAddress.Parse("ministry-health.focal@example.org"));
            reply.To.AddRange(reminder.ReplyTo);
            reply.Body = new TextPart("plain")
            {
                Text = form[form.IndexOf("-----", StringComparison.Ordinal)..]
                    .Replace("Status: ___ (Realizovano / Kontinuirano se realizuje / Djelimično realizovano / Nije realizovano / Nije primjenljivo)", "Status: Realizovano", StringComparison.Ordinal),
            };
            using var raw = new MemoryStream();
            await reply.WriteToAsync(raw);
            await using (var db = fixture.Create())
            {
                db.Inbound.Add(new InboundMessage { MessageId = reply.MessageId, Mailbox = "INBOX", ReceivedAt = fixture.Now, From = "ministry-health.focal@example.org", Subject = reply.Subject, Raw = raw.ToArray(), Status = InboundStatus.New });
                await db.SaveChangesAsync();
            }

            Assert.Equal(0, Sum("planworkflows.reports.received"));
            await new InboundProcessor(fixture.Create, fixture.Time, new InboxOptions(), mail.ReplyDomain).ProcessNewAsync();

            await using var check = fixture.Create();
            Assert.Equal(1, await check.Reports.CountAsync(r => r.Channel == "email"));
            Assert.Equal(1, Sum("planworkflows.reports.received"));
            Assert.Equal(1, Sum("planworkflows.reports.received", "channel", "email"));
        }
        finally
        {
            Directory.Delete(pickup, recursive: true);
        }
    }
}
