using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Tests.Mail;

public sealed class MailTemplatesTests
{
    private static readonly Lazy<MailTemplates> Shipped = new(() => MailTemplates.Load(RepoPaths.Combine("email-templates")));

    public static TheoryData<string, string> EveryTemplate()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in KnownTemplates.Names)
        {
            foreach (var language in MailLanguages.All)
            {
                data.Add(name, language);
            }
        }

        return data;
    }

    [Fact]
    public void The_shipped_templates_pass_the_check()
    {
        Assert.Empty(Shipped.Value.Check());
    }

    [Theory]
    [MemberData(nameof(EveryTemplate))]
    public void Every_shipped_template_renders_subject_html_and_text(string name, string language)
    {
        var model = MailSamples.For(name, language)[0];
        var mail = Shipped.Value.Render(name, language, model);
        Assert.DoesNotContain('\n', mail.Subject);
        // Meeting and report mails go to the Working Group or the Office, about a meeting or a period rather than an institution.
        var aboutMeeting = name is KnownTemplates.PackReady or KnownTemplates.MeetingInvitation or KnownTemplates.ReportReady;
        Assert.Contains(aboutMeeting ? model.Meeting! : model.Institution, mail.Subject, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", mail.Html, StringComparison.Ordinal);
        Assert.EndsWith("</html>", mail.Html.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains(aboutMeeting ? model.Meeting! : model.Institution, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", mail.Text, StringComparison.Ordinal);
        // Phones and privacy: no scripts, no external images, styles inline only.
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("width=device-width", mail.Html, StringComparison.Ordinal);
    }
}

public sealed class MailRenderingTests
{
    private static readonly Lazy<MailTemplates> Shipped = new(() => MailTemplates.Load(RepoPaths.Combine("email-templates")));

    private static MailModel Hostile(string language) => MailSamples.For(KnownTemplates.ReportReturned, language)[0] with
    {
        Institution = "Ministry <i>of</i> Justice & Human Rights",
        Message = "See <script>alert('x')</script> & \"quotes\"",
        Items = [new MailItem { Code = "1.1.1", Title = "Title <script>evil()</script> & more", DueDate = new DateOnly(2013, 3, 31), Indicators = ["<b>bold</b> indicator"] }],
    };

    [Theory]
    [InlineData("en")]
    [InlineData("cnr")]
    public void Values_are_html_escaped_in_the_html_part_but_not_in_the_text_part(string language)
    {
        var mail = Shipped.Value.Render(KnownTemplates.ReportReturned, language, Hostile(language));
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<i>of</i>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(" & ", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Title &lt;script&gt;evil()&lt;/script&gt; &amp; more", mail.Html, StringComparison.Ordinal);
        Assert.Contains("See &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;", mail.Html, StringComparison.Ordinal);
        // The template's own markup is untouched, including what partials produce.
        Assert.Contains("<pre style=", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<li>&lt;b&gt;bold&lt;/b&gt; indicator</li>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Title <script>evil()</script> & more", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_printed_in_a_custom_html_template_is_escaped_without_a_filter()
    {
        using var folder = new TemplateFolder();
        foreach (var language in MailLanguages.All)
        {
            folder.Write($"{language}/x.subject.sbn", "{{ institution }}");
            folder.Write($"{language}/x.html.sbn", "<p>{{ institution }}</p>{{ include 'part' }}");
            folder.Write($"{language}/_part.sbn", "<em>{{ message }}</em>");
            folder.Write($"{language}/x.text.sbn", "{{ institution }}");
        }

        var mail = MailTemplates.Load(folder.Path).Render("x", "en", new MailModel { Institution = "A & <b>B</b>", Message = "<script>x</script>" });
        Assert.Equal("<p>A &amp; &lt;b&gt;B&lt;/b&gt;</p><em>&lt;script&gt;x&lt;/script&gt;</em>", mail.Html);
        Assert.Equal("A & <b>B</b>", mail.Text);
        Assert.Equal("A & <b>B</b>", mail.Subject);
    }

    [Theory]
    [InlineData("en", "31 March 2013", "28 December 2012")]
    [InlineData("cnr", "31. mart 2013.", "28. decembar 2012.")]
    public void Dates_are_written_as_the_language_writes_them(string language, string due, string lastReport)
    {
        var mail = Shipped.Value.Render(KnownTemplates.FirstReminder, language, MailSamples.For(KnownTemplates.FirstReminder, language)[0]);
        Assert.Contains(due, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(due, mail.Html, StringComparison.Ordinal);
        Assert.Contains(due, mail.Text, StringComparison.Ordinal);
        Assert.Contains(lastReport, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2013-03-31", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("03/31/2013", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "1,234,567", "1.5")]
    [InlineData("cnr", "1.234.567", "1,5")]
    public void Numbers_are_written_as_the_language_writes_them(string language, string whole, string fraction)
    {
        Assert.Equal(whole, MailFormat.Number(1234567, language));
        Assert.Equal(fraction, MailFormat.Number(1.5m, language));
        using var folder = new TemplateFolder();
        foreach (var l in MailLanguages.All)
        {
            folder.Write($"{l}/n.subject.sbn", "n");
            folder.Write($"{l}/n.html.sbn", "{{ number 1234567 }}");
            folder.Write($"{l}/n.text.sbn", "{{ 1.5 }}");
        }

        var mail = MailTemplates.Load(folder.Path).Render("n", language, new MailModel());
        Assert.Equal(whole, mail.Html);
        Assert.Equal(fraction, mail.Text);
    }

    [Theory]
    [InlineData("en", "Status: ___ (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)", "Narrative: ___")]
    [InlineData("cnr", "Status: ___ (Realizovano / Kontinuirano se realizuje / Djelimično realizovano / Nije realizovano / Nije primjenljivo)", "Opis: ___")]
    public void Reminders_carry_the_reply_form_with_one_line_per_indicator(string language, string status, string narrative)
    {
        foreach (var name in new[] { KnownTemplates.FirstReminder, KnownTemplates.FinalReminder, KnownTemplates.OverdueNotice, KnownTemplates.Digest })
        {
            var mail = Shipped.Value.Render(name, language, MailSamples.For(name, language)[0]);
            foreach (var part in new[] { mail.Text, mail.Html })
            {
                Assert.Contains("[PRE 1.1.3] " + status, part, StringComparison.Ordinal);
                Assert.Contains("[IDE 2.1.1] " + status, part, StringComparison.Ordinal);
                Assert.Contains("Number of printed and distributed brochures: ___", part, StringComparison.Ordinal);
                Assert.Contains("Number of trained inspectors: ___", part, StringComparison.Ordinal);
                Assert.Equal(2, CountOf(part, narrative));
                Assert.Contains("q7Xk2pLm", part, StringComparison.Ordinal);
                Assert.Contains("https://reports.antitrafficking.gov.me/form/q7Xk2pLm", part, StringComparison.Ordinal);
            }

            Assert.Contains(language == "en" ? "personal data of victims" : "lične podatke žrtava", mail.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en", "Working days overdue: 12", "Escalation level: 2 – Office / Working Group chair")]
    [InlineData("cnr", "Radnih dana kašnjenja: 12", "Nivo eskalacije: 2 – Kancelarija / predsjedavajući Radne grupe")]
    public void Escalations_list_overdue_items_with_working_days_and_level(string language, string overdue, string level)
    {
        var mail = Shipped.Value.Render(KnownTemplates.EscalationOffice, language, MailSamples.For(KnownTemplates.EscalationOffice, language)[0]);
        Assert.Contains(overdue, mail.Text, StringComparison.Ordinal);
        Assert.Contains(level, mail.Text, StringComparison.Ordinal);
        Assert.Contains("[IDE 2.1.1]", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_contact_still_renders_a_greeting()
    {
        var mail = Shipped.Value.Render(KnownTemplates.FirstReminder, "cnr", MailSamples.For(KnownTemplates.FirstReminder, "cnr")[1]);
        Assert.StartsWith("Poštovani/a,", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_reports_a_syntax_error_with_its_file_line_and_column()
    {
        using var folder = TemplateFolder.CopyOfShipped();
        var path = folder.Write("en/first-reminder.html.sbn", "<p>line one</p>\n<p>line two</p>\n<p>{{ institution | }}</p>\n");
        var errors = MailTemplates.Load(folder.Path).Check();
        var error = Assert.Single(errors);
        Assert.StartsWith(path + ":3:", error, StringComparison.Ordinal);
        Assert.Matches(@":3:\d+: \S", error);
    }

    [Fact]
    public void Check_reports_an_unknown_variable_with_its_position()
    {
        using var folder = TemplateFolder.CopyOfShipped();
        const string subject = "{{ institution }} – {{ rund }}";
        var path = folder.Write("cnr/digest.subject.sbn", subject);
        var error = Assert.Single(MailTemplates.Load(folder.Path).Check());
        Assert.StartsWith($"{path}:1:{subject.IndexOf("rund", StringComparison.Ordinal) + 1}: ", error, StringComparison.Ordinal);
        Assert.Contains("rund", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_reports_a_template_missing_in_one_language()
    {
        using var folder = TemplateFolder.CopyOfShipped();
        folder.Delete("cnr/report-received.text.sbn");
        var errors = MailTemplates.Load(folder.Path).Check();
        var error = Assert.Single(errors);
        Assert.Equal(Path.Combine(folder.Path, "cnr", "report-received.text.sbn") + ":1:1: template missing (present in en/)", error);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
