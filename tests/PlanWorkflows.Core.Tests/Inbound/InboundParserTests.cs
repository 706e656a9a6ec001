using System.Text;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Inbound;

namespace PlanWorkflows.Core.Tests.Inbound;

public sealed class InboundParserTests
{
    private static readonly InboundParserOptions Options = new() { ReplyDomain = "antitrafficking.gov.me" };

    private static MimeMessage Mail(string body, string subject = "Re: Reminder", string charset = "utf-8", Action<MimeMessage>? headers = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = "r1@policija.me" };
        message.From.Add(MailboxAddress.Parse("ana.petrovic@policija.me"));
        message.To.Add(MailboxAddress.Parse("reports+q7Xk2pLm@antitrafficking.gov.me"));
        var part = new TextPart("plain");
        part.SetText(charset, body);
        message.Body = part;
        headers?.Invoke(message);
        return message;
    }

    [Theory]
    [InlineData("Implemented", ImplementationStatus.Implemented)]
    [InlineData("  continuously IMPLEMENTED ", ImplementationStatus.ContinuouslyImplemented)]
    [InlineData("Partially implemented – details below", ImplementationStatus.PartiallyImplemented)]
    [InlineData("not implemented", ImplementationStatus.NotImplemented)]
    [InlineData("N/A", ImplementationStatus.NotApplicable)]
    [InlineData("Realizovano", ImplementationStatus.Implemented)]
    [InlineData("Kontinuirano se realizuje", ImplementationStatus.ContinuouslyImplemented)]
    [InlineData("djelimično", ImplementationStatus.PartiallyImplemented)]
    [InlineData("Djelimicno realizovano", ImplementationStatus.PartiallyImplemented)]
    [InlineData("delimično", ImplementationStatus.PartiallyImplemented)]
    [InlineData("Nije realizovano", ImplementationStatus.NotImplemented)]
    [InlineData("nije primjenljivo", ImplementationStatus.NotApplicable)]
    [InlineData("Нije primenljivo", ImplementationStatus.NotApplicable)]
    [InlineData("Дјелимично реализовано", ImplementationStatus.PartiallyImplemented)]
    [InlineData("PartiallyImplemented", ImplementationStatus.PartiallyImplemented)]
    public void Status_words_in_both_languages_map_to_the_status(string word, ImplementationStatus expected) =>
        Assert.Equal(expected, StatusWords.Parse(word));

    [Theory]
    [InlineData("")]
    [InlineData("u pripremi")]
    [InlineData("maybe")]
    [InlineData("___")]
    public void Unknown_status_words_map_to_nothing(string word) => Assert.Null(StatusWords.Parse(word));

    [Theory]
    [InlineData("___ (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)", null, false)]
    [InlineData("Partially implemented (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)", ImplementationStatus.PartiallyImplemented, true)]
    [InlineData("___ (Implemented / Continuously implemented / [X] Partially implemented / Not implemented / Not applicable)", ImplementationStatus.PartiallyImplemented, true)]
    [InlineData("___ (Implemented / Continuously implemented / Partially implemented / Not implemented x / Not applicable)", ImplementationStatus.NotImplemented, true)]
    [InlineData("___ (Realizovano / (x) Kontinuirano se realizuje / Djelimično realizovano / Nije realizovano / Nije primjenljivo)", ImplementationStatus.ContinuouslyImplemented, true)]
    [InlineData("___ (Nije primjenljivo)", ImplementationStatus.NotApplicable, true)]
    [InlineData("*Implemented*", ImplementationStatus.Implemented, true)]
    public void Status_value_reads_the_chosen_option(string value, ImplementationStatus? expected, bool answered)
    {
        var (status, text, _) = ReplyForm.ReadStatus(value);
        Assert.Equal(expected, status);
        Assert.Equal(answered, text is not null);
    }

    [Fact]
    public void Two_marked_options_are_an_answer_without_a_status_and_a_warning()
    {
        var (status, text, warning) = ReplyForm.ReadStatus("(x Implemented / x Not implemented)");
        Assert.Null(status);
        Assert.NotNull(text);
        Assert.Contains("more than one", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Done, see attachment.\n\nFrom: Office <reports@antitrafficking.gov.me>\nSent: Monday, June 3, 2013 9:00 AM\nTo: Ana\nSubject: Reminder\n\nDear Ana,")]
    [InlineData("Done, see attachment.\n\n-----Original Message-----\nFrom: Office\nDear Ana,")]
    [InlineData("Done, see attachment.\n\nOd: Kancelarija <reports@antitrafficking.gov.me>\nPoslato: 3. jun 2013 9:00\nZa: Ana\nTema: Podsjećanje\n\nPoštovani,")]
    [InlineData("Done, see attachment.\n\nŠalje: Kancelarija\nPrima: Ana\nPredmet: Podsjećanje\nPoštovani,")]
    [InlineData("Done, see attachment.\n\nOn Mon, Jun 3, 2013 at 9:00 AM Office for Fight against Trafficking <\nreports@antitrafficking.gov.me> wrote:\n> Dear Ana,")]
    [InlineData("Done, see attachment.\n\npon, 3. jun 2013. u 09:00 Kancelarija <reports@antitrafficking.gov.me> je napisao/la:\n> Poštovani,")]
    [InlineData("Done, see attachment.\n\nDana 03.06.2013. u 09:00, Kancelarija je napisao:\n> Poštovani,")]
    [InlineData("Done, see attachment.\n\nSent from my iPhone\n\nOn 3 Jun 2013, at 09:00, Office wrote:\n\n> Dear Ana,")]
    [InlineData("Done, see attachment.\n\nPoslato sa mog iPhone-a")]
    [InlineData("Done, see attachment.\nSent from Outlook for Android\n________________________________\nFrom: Office\nSent: Monday\nTo: Ana\n\nDear Ana,")]
    [InlineData("Done, see attachment.\n-- \nAna Petrović\nPolice Directorate\n+382 20 241 421")]
    [InlineData("Done, see attachment.\n\nS poštovanjem,\nAna Petrović\nUprava policije")]
    [InlineData("> Dear Ana,\n> please report.\nDone, see attachment.\n> Kind regards")]
    public void Quoted_history_and_signatures_are_stripped(string body) =>
        Assert.Equal("Done, see attachment.", ReplyText.Strip(body));

    [Fact]
    public void A_blank_form_quoted_below_a_reply_is_not_the_answer()
    {
        var body = "We will answer next week.\n\nOn Mon, Jun 3, 2013 at 9:00 AM Office <reports@antitrafficking.gov.me> wrote:\n"
            + "> ----- REPLY FORM (reference q7Xk2pLm) -----\n> [1.1.3] Status: ___ (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)\n"
            + "> Number of media representations: ___\n> Narrative: ___\n> ----- END OF REPLY FORM -----\n";
        var parsed = InboundParser.Parse(Mail(body), Options);
        Assert.Equal(InboundKind.Report, parsed.Kind);
        Assert.Empty(parsed.Items);
        Assert.Equal("We will answer next week.", parsed.FreeText);
    }

    [Fact]
    public void Items_are_named_with_or_without_their_area_and_a_bare_code_two_areas_share_is_flagged()
    {
        const string Quoted = "\n> ----- REPLY FORM (reference q7Xk2pLm) -----\n"
            + "> [PRE 1.1.2] Status: ___ (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)\n"
            + "> Number of organized public lectures and workshops: ___\n> Narrative: ___\n"
            + "> [EDU 1.1.2] Status: ___ (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)\n"
            + "> Number of police officers trained: ___\n> Narrative: ___\n"
            + "> [EDU 1.3.1] Status: ___ (Implemented / Continuously implemented / Partially implemented / Not implemented / Not applicable)\n"
            + "> Narrative: ___\n> ----- END OF REPLY FORM -----\n";
        var answer = "----- REPLY FORM (reference q7Xk2pLm) -----\n[edu-1.1.2] Status: Implemented\nNumber of police officers trained: 1,200\n"
            + "[1.3.1] Status: Not implemented\n[1.1.2] Status: Implemented\nNumber of organized public lectures and workshops: several\n----- END OF REPLY FORM -----\n";
        var parsed = InboundParser.Parse(Mail(answer + Quoted), Options);

        Assert.Equal(["EDU 1.1.2", "1.3.1", "1.1.2"], parsed.Items.Select(i => i.ActivityCode));
        Assert.Equal("1,200", parsed.Items[0].Indicators["Number of police officers trained"]);
        // The bare 1.3.1 names one item of the form; the bare 1.1.2 two, so the Office is asked.
        Assert.DoesNotContain(parsed.Warnings, w => w.StartsWith("[1.3.1]", StringComparison.Ordinal));
        Assert.Contains("[1.1.2] is ambiguous: the form sent has PRE 1.1.2 and EDU 1.1.2", parsed.Warnings);
        // A count answered in words is flagged by the catalogue's rule for counts.
        Assert.Contains(parsed.Warnings, w => w.Contains("\"Number of organized public lectures and workshops\" is not a number", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_larger_than_the_limit_is_refused_unread()
    {
        var parsed = InboundParser.Parse(Mail("[1.1.3] Status: Implemented"), Options, rawSize: 30L * 1024 * 1024);
        Assert.Equal(InboundKind.Unreadable, parsed.Kind);
        Assert.Empty(parsed.Items);
        Assert.Contains(parsed.Warnings, w => w.Contains("larger than the limit of 26214400 bytes", StringComparison.Ordinal));
        Assert.Equal("q7Xk2pLm", parsed.Token);
    }

    [Fact]
    public void A_raw_stream_over_the_limit_is_refused_and_one_at_the_limit_is_read()
    {
        var raw = Encoding.ASCII.GetBytes("From: a@b.me\r\nTo: reports+tok@antitrafficking.gov.me\r\nSubject: x\r\n\r\nPlain words of a reply.\r\n");
        var small = new InboundParserOptions { ReplyDomain = "antitrafficking.gov.me", MaxMessageBytes = raw.Length - 1 };
        Assert.Equal(InboundKind.Unreadable, InboundParser.Parse(new MemoryStream(raw), small).Kind);
        small.MaxMessageBytes = raw.Length;
        var parsed = InboundParser.Parse(new MemoryStream(raw), small);
        Assert.Equal(InboundKind.Report, parsed.Kind);
        Assert.Equal("tok", parsed.Token);
    }

    [Fact]
    public void Windows_1250_text_declared_as_utf8_is_read_with_a_warning()
    {
        var message = Mail("placeholder");
        var part = Assert.IsType<TextPart>(message.Body);
        part.Content = new MimeContent(new MemoryStream(Encoding.GetEncoding(1250).GetBytes("Obuka je odložena, realizovaće se u septembru.")));
        var parsed = InboundParser.Parse(message, Options);
        Assert.Equal("Obuka je odložena, realizovaće se u septembru.", parsed.FreeText);
        Assert.Contains(parsed.Warnings, w => w.Contains("windows-1250", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mail_with_no_text_and_no_attachment_is_unreadable()
    {
        var message = Mail(string.Empty);
        var parsed = InboundParser.Parse(message, Options);
        Assert.Equal(InboundKind.Unreadable, parsed.Kind);
        Assert.NotEmpty(parsed.Warnings);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-generated", InboundKind.AutoReply)]
    [InlineData("Auto-Submitted", "no", InboundKind.Report)]
    [InlineData("Precedence", "bulk", InboundKind.AutoReply)]
    [InlineData("X-Autoreply", "yes", InboundKind.AutoReply)]
    [InlineData("X-Autorespond", "Thank you", InboundKind.AutoReply)]
    public void Automatic_headers_make_an_auto_reply(string header, string value, InboundKind expected)
    {
        var parsed = InboundParser.Parse(Mail("Thank you for your message.", headers: m => m.Headers.Add(header, value)), Options);
        Assert.Equal(expected, parsed.Kind);
    }

    [Theory]
    [InlineData("Out of Office: Reminder")]
    [InlineData("Automatski odgovor: Podsjećanje")]
    [InlineData("Odsutan: Podsjećanje")]
    [InlineData("Nisam u kancelariji")]
    public void Out_of_office_subjects_in_both_languages(string subject) =>
        Assert.Equal(InboundKind.OutOfOffice, InboundParser.Parse(Mail("Back on 15.07.2013.", subject), Options).Kind);

    [Fact]
    public void A_plus_address_at_another_domain_gives_no_token()
    {
        var message = Mail("Implemented.");
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse("reports+evil@example.com"));
        var parsed = InboundParser.Parse(message, Options);
        Assert.Null(parsed.Token);
        Assert.Contains(parsed.Warnings, w => w.Contains("other than antitrafficking.gov.me", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_blockquotes_become_quotes_and_styles_vanish()
    {
        var text = HtmlText.Convert("<html><head><style>p{color:red}</style></head><body><p>Done.</p><blockquote><p>Dear Ana,<br>please report.</p></blockquote></body></html>");
        Assert.Equal("Done.\n> Dear Ana,\n> please report.\n", text);
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var body = "----- REPLY FORM (reference q7Xk2pLm) -----\n[1.1.3] Status: Implemented\nNumber of media representations: 4\nNarrative: TV.\n----- END OF REPLY FORM -----";
        var json = System.Text.Json.Nodes.JsonNode.Parse(InboundParser.Parse(Mail(body), Options).ToJson())!;
        Assert.Equal("report", json["kind"]!.GetValue<string>());
        Assert.Equal("Implemented", json["items"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("4", json["items"]![0]!["indicators"]!["Number of media representations"]!.GetValue<string>());
        Assert.Equal("TV.", json["items"]![0]!["narrative"]!.GetValue<string>());
        Assert.Empty(json["bouncedRecipients"]!.AsArray());
    }
}
