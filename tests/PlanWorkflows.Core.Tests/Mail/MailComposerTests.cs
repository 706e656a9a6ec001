using System.Text.Json.Nodes;
using Ical.Net;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed class MailComposerTests
{
    private static readonly MailOptions Options = new() { FromName = "Office", FromAddress = "office@gov.me", ReplyDomain = "replies.gov.me" };

    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2013, 3, 20, 8, 0, 0, TimeSpan.Zero));

    private static MimeMessage Reminder()
    {
        var templates = MailTemplates.Load(RepoPaths.Combine("email-templates"));
        var model = MailSamples.For(KnownTemplates.FirstReminder, "cnr")[0];
        var mail = templates.Render(KnownTemplates.FirstReminder, "cnr", model);
        return new MailComposer(Options, Time).Compose(mail, new MailEnvelope
        {
            Template = KnownTemplates.FirstReminder,
            To = ["ana.petrovic@policija.me"],
            Cc = ["deputy@policija.me"],
            MessageId = "pw.7.1.0@planworkflows.local",
            ReplyToken = "q7Xk2pLm",
            ThreadId = MailComposer.ThreadId("police", "2013-H1", "planworkflows.local"),
            Reminder = new ReminderEvent("police", "2013-H1", model.DueDate!.Value, [.. model.Items.Select(i => i.Code)], "Izvještaj – Uprava policije"),
        });
    }

    [Fact]
    public void A_reminder_has_the_headers_the_design_asks_for()
    {
        var message = Reminder();
        Assert.Equal("office@gov.me", ((MailboxAddress)message.From.Single()).Address);
        Assert.Equal("ana.petrovic@policija.me", ((MailboxAddress)message.To.Single()).Address);
        Assert.Equal("deputy@policija.me", ((MailboxAddress)message.Cc.Single()).Address);
        Assert.Equal("reports+q7Xk2pLm@replies.gov.me", ((MailboxAddress)message.ReplyTo.Single()).Address);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("pw.7.1.0@planworkflows.local", message.MessageId);
        Assert.Equal("round.police.2013-h1@planworkflows.local", message.InReplyTo);
        Assert.Equal(["round.police.2013-h1@planworkflows.local"], message.References);
        Assert.Equal(Time.GetUtcNow(), message.Date);
        Assert.StartsWith("Podsjećanje: Uprava policije", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Mails_of_the_same_round_share_a_thread_and_other_rounds_do_not()
    {
        Assert.Equal(MailComposer.ThreadId("police", "2013-H1", "d"), MailComposer.ThreadId("police", "2013-H1", "d"));
        Assert.NotEqual(MailComposer.ThreadId("police", "2013-H1", "d"), MailComposer.ThreadId("police", "2013-H2", "d"));
        Assert.NotEqual(MailComposer.ThreadId("police", "2013-H1", "d"), MailComposer.ThreadId("justice", "2013-H1", "d"));
    }

    [Fact]
    public void A_reminder_has_text_and_html_alternatives_and_an_ics_on_the_due_date_in_podgorica()
    {
        var message = Reminder();
        var mixed = Assert.IsType<Multipart>(message.Body);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Contains("Opis: ___", alternative.TextBody, StringComparison.Ordinal);
        Assert.Contains("<pre", alternative.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal(MailComposer.CalendarFileName, attachment.FileName);
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);

        using var stream = new MemoryStream();
        attachment.Content!.DecodeTo(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("DTSTART;TZID=Europe/Podgorica:20130331T090000", text, StringComparison.Ordinal);
        var calendar = Calendar.Load(text)!;
        var entry = Assert.Single(calendar.Events);
        Assert.Equal("Europe/Podgorica", entry.DtStart!.TzId);
        Assert.Equal(new DateOnly(2013, 3, 31), DateOnly.FromDateTime(entry.DtStart.Value));
        Assert.Equal("police.2013-h1@replies.gov.me", entry.Uid);
        Assert.Contains("1.1.3", entry.Summary, StringComparison.Ordinal);
        Assert.Contains("2.1.1", entry.Summary, StringComparison.Ordinal);
        Assert.Contains(calendar.TimeZones, z => z.TzId == "Europe/Podgorica");
    }

    [Fact]
    public void A_receipt_has_no_calendar_entry()
    {
        var templates = MailTemplates.Load(RepoPaths.Combine("email-templates"));
        var mail = templates.Render(KnownTemplates.ReportReceived, "en", MailSamples.For(KnownTemplates.ReportReceived, "en")[0]);
        var message = new MailComposer(Options, Time).Compose(mail, new MailEnvelope
        {
            Template = KnownTemplates.ReportReceived,
            To = ["a@b.me"],
            MessageId = "x@y",
            ReplyToken = "t",
            Reminder = new ReminderEvent("police", "2013-H1", new DateOnly(2013, 3, 31), ["1.1.3"], "s"),
        });
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Empty(message.Attachments);
        Assert.Null(message.InReplyTo);
    }
}

public sealed class DigestBuilderTests
{
    private static readonly MailOptions Options = new() { FormBaseUrl = "https://forms.gov.me/r/" };
    private static readonly DateTime Morning = new(2013, 3, 20, 7, 0, 0, DateTimeKind.Utc);
    private static long _id;

    private static OutboxMessage Row(string template, string institution, string activityKey, string period, string to, DateTime at, string dueDate = "2013-03-31", string language = "en") => new()
    {
        Id = Interlocked.Increment(ref _id),
        Template = template,
        InstitutionId = institution,
        Language = language,
        To = to,
        Status = OutboxStatus.Queued,
        CreatedAt = at,
        NotBefore = at,
        ModelJson = new JsonObject
        {
            ["template"] = template,
            ["activityKey"] = activityKey,
            ["activityTitle"] = "Title of " + activityKey,
            ["institutionId"] = institution,
            ["institutionName"] = institution + " (en)",
            ["institutionNameCnr"] = institution + " (cnr)",
            ["period"] = period,
            ["dueDate"] = dueDate,
        }.ToJsonString(),
    };

    private static DigestBuilder Builder() => new(Options, key => "Indicator A of " + key + "; Indicator B of " + key, () => "tok");

    [Fact]
    public void A_focal_point_of_two_institutions_gets_one_digest_per_institution_with_items_in_code_order()
    {
        var shared = "ana@gov.me";
        var rows = new[]
        {
            Row(KnownTemplates.FirstReminder, "police", "prevention/1.1.10", "2013-H1", shared, Morning),
            Row(KnownTemplates.FirstReminder, "police", "prevention/1.1.2", "2013-H1", shared, Morning.AddHours(3), "2013-03-29"),
            Row(KnownTemplates.FirstReminder, "justice", "prosecution/3.1.1", "2013-H1", shared, Morning),
            Row(KnownTemplates.FirstReminder, "police", "identification/2.1.1", "2013-H1", "ANA@gov.me", Morning.AddHours(5)),
        };

        var digests = Builder().Build(rows);

        Assert.Equal(2, digests.Count);
        var police = Assert.Single(digests, d => d.InstitutionId == "police");
        Assert.Equal(["1.1.2", "1.1.10", "2.1.1"], police.Model.Items.Select(i => i.Code));
        Assert.Equal([rows[0].Id, rows[1].Id, rows[3].Id], police.RowIds);
        Assert.Equal("police (en)", police.Model.Institution);
        Assert.Equal("2013-H1", police.Model.Round);
        Assert.Equal(new DateOnly(2013, 3, 29), police.Model.DueDate);
        Assert.Equal(["Indicator A of prevention/1.1.2", "Indicator B of prevention/1.1.2"], police.Model.Items[0].Indicators);
        Assert.Equal("https://forms.gov.me/r/tok", police.Model.FormUrl);
        var justice = Assert.Single(digests, d => d.InstitutionId == "justice");
        Assert.Equal([rows[2].Id], justice.RowIds);
    }

    [Fact]
    public void Two_rounds_two_templates_or_two_days_make_separate_digests()
    {
        var rows = new[]
        {
            Row(KnownTemplates.FirstReminder, "police", "p/1.1.1", "2013-H1", "a@gov.me", Morning),
            Row(KnownTemplates.FirstReminder, "police", "p/1.1.2", "2013-H2", "a@gov.me", Morning),
            Row(KnownTemplates.FinalReminder, "police", "p/1.1.3", "2013-H1", "a@gov.me", Morning),
            // 23:30 UTC on 20 March is already 21 March in Podgorica.
            Row(KnownTemplates.FirstReminder, "police", "p/1.1.4", "2013-H1", "a@gov.me", new DateTime(2013, 3, 20, 23, 30, 0, DateTimeKind.Utc)),
        };

        var digests = Builder().Build(rows);

        Assert.Equal(4, digests.Count);
        Assert.All(digests, d => Assert.Single(d.RowIds));
        Assert.Equal(new DateOnly(2013, 3, 21), Assert.Single(digests, d => d.Model.Items[0].Code == "1.1.4").Day);
    }

    [Fact]
    public void Montenegrin_rows_use_the_montenegrin_name_and_other_templates_are_left_alone()
    {
        var rows = new[]
        {
            Row(KnownTemplates.OverdueNotice, "police", "p/1.1.1", "2013-H1", "a@gov.me", Morning, language: "cnr"),
            Row(KnownTemplates.ReportReceived, "police", "p/1.1.1", "2013-H1", "a@gov.me", Morning, language: "cnr"),
        };

        var digest = Assert.Single(Builder().Build(rows));
        Assert.Equal("police (cnr)", digest.Model.Institution);
        Assert.Equal(Options.FromNameCnr, digest.Model.Office.Name);
        Assert.Equal([rows[0].Id], digest.RowIds);

        var mail = MailTemplates.Load(RepoPaths.Combine("email-templates")).Render(digest.Template, digest.Language, digest.Model);
        Assert.Contains("[1.1.1] Status: ___", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Indicator B of p/1.1.1: ___", mail.Text, StringComparison.Ordinal);
    }
}
