using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Tests.Forms;

/// <summary>The reply form over real HTTP against the running service: what it shows, what it refuses, what it stores.</summary>
public sealed class ReplyFormHttpTests(FormApp app) : IClassFixture<FormApp>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task Montenegrin_form_lists_the_rounds_items_with_translated_labels_and_typed_indicator_fields()
    {
        var seeded = await app.SeedAsync("cnr");
        using var http = app.Client();
        using var response = await http.GetAsync(new Uri(seeded.Path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"cnr\">", html, StringComparison.Ordinal);
        Assert.Contains("Izvještaj o realizaciji", html, StringComparison.Ordinal);
        Assert.Contains("Izvještaji ne smiju sadržati lične podatke žrtava", html, StringComparison.Ordinal);
        Assert.Contains("Djelimično realizovano", html, StringComparison.Ordinal);
        Assert.Contains("Nije primjenljivo", html, StringComparison.Ordinal);
        Assert.Contains("Kancelarija za borbu protiv trgovine ljudima", html, StringComparison.Ordinal);
        Assert.Contains("Sačuvaj nacrt", html, StringComparison.Ordinal);
        Assert.Contains("30. jun 2013.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Implementation status", html, StringComparison.Ordinal);
        // Both items of the round, catalogue text escaped like anything else.
        Assert.Contains("Training of &lt;b&gt;labour&lt;/b&gt; inspectors &amp; prosecutors", html, StringComparison.Ordinal);
        Assert.Contains("Research on labour exploitation", html, StringComparison.Ordinal);
        // Indicators split on ';' and new lines; counts are numbers that cannot go below zero, the rest is text.
        Assert.Matches($"<input type=\"number\" id=\"o{seeded.TrainingId}-ind0\" [^>]*min=\"0\"", html);
        Assert.Matches($"<input type=\"number\" id=\"o{seeded.TrainingId}-ind1\"", html);
        Assert.Matches($"<input type=\"text\" id=\"o{seeded.TrainingId}-ind2\"", html);
        Assert.Matches($"<input type=\"text\" id=\"o{seeded.ResearchId}-ind0\"", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task English_form_speaks_english()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var html = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Implementation status", html, StringComparison.Ordinal);
        Assert.Contains("Continuously implemented", html, StringComparison.Ordinal);
        Assert.Contains("Reports must not contain personal data of victims", html, StringComparison.Ordinal);
        Assert.Contains("Ministry of Interior – Office for Fight against Trafficking in Human Beings", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Djelimično", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_form_and_the_receipt_changes_nothing()
    {
        var seeded = await app.SeedAsync("cnr");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        for (var i = 0; i < 2; i++)
        {
            (await http.GetAsync(new Uri(seeded.Path, UriKind.Relative))).EnsureSuccessStatusCode();
            (await http.GetAsync(new Uri(seeded.Path + "/done", UriKind.Relative))).EnsureSuccessStatusCode();
            (await http.GetAsync(new Uri(seeded.Path + "?saved=true", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_refused_and_stores_nothing()
    {
        var seeded = await app.SeedAsync("en");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        // No page was loaded: no cookie and no field, as a forged cross-site post would be.
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(null, Filled(seeded, "submit")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be verified", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A cookie from a real page does not help a post that lacks the field.
        await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        using var second = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(null, Filled(seeded, "submit")));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        using var json = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), new StringContent("{\"action\":\"submit\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    [Fact]
    public async Task Draft_is_kept_and_shown_again_then_submit_records_reports_evidence_and_receipt_mail()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));

        var draft = Filled(seeded, "draft");
        draft[$"o{seeded.ResearchId}-status"] = string.Empty;
        using var saved = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), draft));
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"{seeded.Path}?saved=true", saved.Headers.Location!.OriginalString);
        await using (var db = app.Db())
        {
            // The research item has text but no status yet: kept as typed, still unreported.
            var rows = await db.FormDrafts.Where(d => d.ReplyTokenId == seeded.TokenId).ToDictionaryAsync(d => d.ObligationId);
            Assert.Equal([seeded.TrainingId, seeded.ResearchId], rows.Keys.Order());
            Assert.Contains("\"status\":\"PartiallyImplemented\"", rows[seeded.TrainingId].Json, StringComparison.Ordinal);
            Assert.Contains("\"status\":null", rows[seeded.ResearchId].Json, StringComparison.Ordinal);
            Assert.Equal(0, await db.Reports.CountAsync(r => r.ObligationId == seeded.TrainingId));
            Assert.Equal(ObligationStatus.Reminded, (await db.Obligations.SingleAsync(o => o.Id == seeded.TrainingId)).Status);
        }

        var reopened = await http.GetStringAsync(new Uri(saved.Headers.Location!.OriginalString, UriKind.Relative));
        Assert.Contains("Draft saved", reopened, StringComparison.Ordinal);
        Assert.Contains("value=\"12\"", reopened, StringComparison.Ordinal);
        Assert.Contains($"id=\"o{seeded.TrainingId}-status-PartiallyImplemented\" name=\"o{seeded.TrainingId}-status\" value=\"PartiallyImplemented\" checked", reopened, StringComparison.Ordinal);
        Assert.Contains("Two trainings held in Podgorica", reopened, StringComparison.Ordinal);
        Assert.Contains("value=\"Ana Perović\"", reopened, StringComparison.Ordinal);
        Assert.Contains($"id=\"o{seeded.ResearchId}-status-none\" name=\"o{seeded.ResearchId}-status\" value=\"\" checked", reopened, StringComparison.Ordinal);

        using var submitted = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative),
            Form(FormApp.AntiforgeryToken(reopened), Filled(seeded, "submit"), (seeded.TrainingId, "agenda.pdf", Pdf)));
        Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        Assert.Equal($"{seeded.Path}/done", submitted.Headers.Location!.OriginalString);

        await using (var db = app.Db())
        {
            var training = await db.Reports.SingleAsync(r => r.ObligationId == seeded.TrainingId);
            Assert.Equal(1, training.Version);
            Assert.Equal(ImplementationStatus.PartiallyImplemented, training.Status);
            Assert.Equal("form", training.Channel);
            Assert.Equal("Ana Perović", training.SubmittedBy);
            Assert.Equal(seeded.TokenId, training.ReplyTokenId);
            Assert.Equal("https://mup.gov.me/trainings\nhttps://example.org/photos", training.EvidenceLinks);
            var indicators = JsonNode.Parse(training.IndicatorsJson)!.AsObject();
            Assert.Equal(12m, indicators[FormApp.CountIndicator]!.GetValue<decimal>());
            Assert.Equal(1500.5m, indicators[FormApp.AmountIndicator]!.GetValue<decimal>());
            Assert.Equal("Draft curriculum with the Police Academy", indicators[FormApp.TextIndicator]!.GetValue<string>());
            var research = await db.Reports.SingleAsync(r => r.ObligationId == seeded.ResearchId);
            Assert.Equal(ImplementationStatus.Implemented, research.Status);
            Assert.Equal(ObligationStatus.Reported, (await db.Obligations.SingleAsync(o => o.Id == seeded.TrainingId)).Status);
            var evidence = await db.Evidence.SingleAsync(e => e.ReportId == training.Id);
            Assert.Equal(("agenda.pdf", "application/pdf", (long)Pdf.Length), (evidence.FileName, evidence.ContentType, evidence.Size));
            Assert.Equal(Pdf, evidence.Content);
            Assert.Equal(0, await db.FormDrafts.CountAsync(d => d.ReplyTokenId == seeded.TokenId));

            var mail = await db.Outbox.SingleAsync(m => m.MessageId.StartsWith($"pw.form.{seeded.TokenId}."));
            Assert.Equal(("report-received", "en", FormApp.FocalPoint, OutboxStatus.Queued), (mail.Template, mail.Language, mail.To, mail.Status));
            var model = JsonNode.Parse(mail.ModelJson)!.AsObject();
            Assert.Equal(seeded.Round, model["round"]!.GetValue<string>());
            Assert.Equal("Ana Perović", model["submittedBy"]!.GetValue<string>());
            var items = model["items"]!.AsArray();
            Assert.Equal(2, items.Count);
            var copy = items.Single(i => i!["code"]!.GetValue<string>() == "9.1.1")!;
            Assert.Equal("Partially implemented", copy["status"]!.GetValue<string>());
            Assert.Equal("Two trainings held in Podgorica.", copy["narrative"]!.GetValue<string>());
            Assert.Equal(12m, copy["indicators"]![FormApp.CountIndicator]!.GetValue<decimal>());
            Assert.Equal("agenda.pdf", copy["attachments"]![0]!.GetValue<string>());
            // The row renders with the shipped template, as the outbox worker will render it.
            var rendered = app.Templates.Render("report-received", mail.Language, model);
            Assert.Contains("Report received: Ministry of Interior", rendered.Subject, StringComparison.Ordinal);
            Assert.Contains(seeded.Round, rendered.Subject, StringComparison.Ordinal);
            Assert.Contains("[9.1.1] Training of &lt;b&gt;labour&lt;/b&gt;", rendered.Html, StringComparison.Ordinal);
            Assert.Contains("[9.1.2] Research on labour exploitation", rendered.Text, StringComparison.Ordinal);
        }

        var done = await http.GetStringAsync(new Uri(seeded.Path + "/done", UriKind.Relative));
        Assert.Contains("Thank you – your report has been received", done, StringComparison.Ordinal);
        Assert.Contains("Partially implemented", done, StringComparison.Ordinal);
        Assert.Contains("Two trainings held in Podgorica.", done, StringComparison.Ordinal);
        Assert.Contains("1,500.5", done, StringComparison.Ordinal);
        // Catalogue order, not alphabetical: the count comes before the amount.
        Assert.True(done.IndexOf(FormApp.CountIndicator, StringComparison.Ordinal) < done.IndexOf(FormApp.AmountIndicator, StringComparison.Ordinal));
        Assert.Contains("Submitted on 13 September 2012 09:", done, StringComparison.Ordinal);
        Assert.Contains("agenda.pdf", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resubmission_creates_version_two_and_keeps_version_one()
    {
        var seeded = await app.SeedAsync("cnr");
        using var http = app.Client();
        await SubmitAsync(http, seeded, Filled(seeded, "submit"));
        var second = Filled(seeded, "submit");
        second[$"o{seeded.TrainingId}-status"] = "Implemented";
        second[$"o{seeded.TrainingId}-narrative"] = "All four trainings held.";
        second[$"o{seeded.ResearchId}-status"] = string.Empty;
        var page = await SubmitAsync(http, seeded, second);
        // The form shows what was last reported, and says it was already reported.
        Assert.Contains("Već izvještavano: verzija 1", page, StringComparison.Ordinal);

        await using var db = app.Db();
        var versions = await db.Reports.Where(r => r.ObligationId == seeded.TrainingId).OrderBy(r => r.Version).ToListAsync();
        Assert.Equal([1, 2], versions.Select(r => r.Version));
        Assert.Equal(ImplementationStatus.PartiallyImplemented, versions[0].Status);
        Assert.Equal("Two trainings held in Podgorica.", versions[0].Narrative);
        Assert.Equal(ImplementationStatus.Implemented, versions[1].Status);
        Assert.Equal("All four trainings held.", versions[1].Narrative);
        Assert.Equal(1, await db.Reports.CountAsync(r => r.ObligationId == seeded.ResearchId));
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.MessageId.StartsWith($"pw.form.{seeded.TokenId}.")));

        var again = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        Assert.Contains("Već izvještavano: verzija 2", again, StringComparison.Ordinal);
        Assert.Contains("All four trainings held.", again, StringComparison.Ordinal);
        var done = await http.GetStringAsync(new Uri(seeded.Path + "/done", UriKind.Relative));
        Assert.Contains("All four trainings held.", done, StringComparison.Ordinal);
        Assert.DoesNotContain("Research on labour exploitation", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_applicable_with_a_reason_marks_the_obligation_not_applicable()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var fields = Filled(seeded, "submit");
        fields[$"o{seeded.TrainingId}-status"] = "NotApplicable";
        fields[$"o{seeded.TrainingId}-reason"] = "Labour inspection moved to another ministry in 2013.";
        await SubmitAsync(http, seeded, fields);
        await using var db = app.Db();
        Assert.Equal(ObligationStatus.NotApplicable, (await db.Obligations.SingleAsync(o => o.Id == seeded.TrainingId)).Status);
        var report = await db.Reports.SingleAsync(r => r.ObligationId == seeded.TrainingId);
        Assert.StartsWith("Labour inspection moved to another ministry in 2013.", report.Narrative, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "ind0", "-3", "Enter a number of 0 or more." },
        { "ind0", "12 trainings", "Enter a number (digits only)." },
        { "ind1", "1e30", "Enter a number (digits only)." },
        { "ind1", "99999999999999", "This number is too large." },
        { "narrative", new string('x', 1024 * 1024), "Too long: at most 20,000 characters." },
        { "links", "javascript:alert(1)", "Each line must be a web address starting with http:// or https://." },
        { "reason", string.Empty, "Give the reason why the activity is not applicable." },
        { "files", "setup.exe", "“setup.exe”: this type of file is not accepted." },
        { "files", "renamed.pdf", "“renamed.pdf”: this type of file is not accepted." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Missing_or_absurd_values_show_the_form_again_with_the_error_at_the_field_and_store_nothing(string field, string value, string error)
    {
        var seeded = await app.SeedAsync("en");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        var fields = Filled(seeded, "submit");
        var files = new List<(long, string, byte[])>();
        if (field == "files")
        {
            // An executable, by name or in disguise: the first bytes are what the file is.
            files.Add((seeded.TrainingId, value, "MZ\x90\0\x03\0\0\0"u8.ToArray()));
        }
        else if (field == "reason")
        {
            fields[$"o{seeded.TrainingId}-status"] = "NotApplicable";
        }
        else
        {
            fields[$"o{seeded.TrainingId}-{field}"] = value;
        }

        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), fields, [.. files]));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"<p class=\"error\" id=\"o{seeded.TrainingId}-{field}-error\">{ReplyFormPageEncode(error)}", html, StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"o{seeded.TrainingId}-{field}-error\"", html, StringComparison.Ordinal);
        // What was typed elsewhere comes back, so nothing has to be typed twice.
        Assert.Contains("value=\"Published in May\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(seeded));

        // The same mistake in a draft is refused as well: a draft may be unfinished, never absurd.
        if (field is not "reason" and not "files")
        {
            fields["action"] = "draft";
            using var draft = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(html), fields));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, draft.StatusCode);
            Assert.Equal(before, await app.SnapshotAsync(seeded));
        }
    }

    [Fact]
    public async Task Submit_with_no_item_filled_or_no_name_is_refused()
    {
        var seeded = await app.SeedAsync("cnr");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        var fields = new Dictionary<string, string> { ["action"] = "submit", ["reporter"] = string.Empty };
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), fields));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Izaberite status za bar jednu stavku.", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error\" id=\"reporter-error\">Unesite Vaše ime i prezime.</p>", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    [Fact]
    public async Task A_status_outside_the_vocabulary_is_refused()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        var fields = Filled(seeded, "submit");
        fields[$"o{seeded.TrainingId}-status"] = "3";
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Choose one of the statuses.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_typed_into_the_form_is_shown_escaped_on_the_receipt_and_when_the_form_is_reopened()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var fields = Filled(seeded, "submit");
        const string Markup = "<script>alert('x')</script><img src=x onerror=alert(1)> & \"quoted\"";
        fields[$"o{seeded.TrainingId}-narrative"] = Markup;
        fields["reporter"] = "<b>Ana</b>";
        var form = await SubmitAsync(http, seeded, fields);
        var done = await http.GetStringAsync(new Uri(seeded.Path + "/done", UriKind.Relative));

        foreach (var html in new[] { done, form })
        {
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Ana", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
            Assert.Contains("&lt;/script&gt;&lt;img src", html, StringComparison.Ordinal);
            Assert.Contains(" &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
        }

        Assert.Contains("&lt;b&gt;Ana&lt;/b&gt;", done, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_and_unknown_tokens_get_a_bilingual_404_that_reveals_nothing()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var tampered = seeded.Token[..^1] + (seeded.Token[^1] == 'A' ? 'B' : 'A');
        foreach (var path in new[] { $"/form/{tampered}", $"/form/{tampered}/done", "/form/short", "/form/%3Cscript%3E", $"/form/{new string('a', 500)}" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("This link is not valid", html, StringComparison.Ordinal);
            Assert.Contains("Link nije važeći", html, StringComparison.Ordinal);
            Assert.DoesNotContain(seeded.Round, html, StringComparison.Ordinal);
            Assert.DoesNotContain("Ministry", html, StringComparison.Ordinal);
        }

        var before = await app.SnapshotAsync(seeded);
        using var post = await http.PostAsync(new Uri($"/form/{tampered}", UriKind.Relative), Form("x", Filled(seeded, "submit")));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    [Fact]
    public async Task Expired_token_gets_a_bilingual_410_and_cannot_post()
    {
        var seeded = await app.SeedAsync("en", validFor: TimeSpan.FromHours(-1));
        await AssertGoneAsync(seeded);
    }

    [Fact]
    public async Task Revoked_token_gets_a_bilingual_410_and_cannot_post_even_with_a_page_loaded_before()
    {
        var seeded = await app.SeedAsync("cnr");
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        await using (var db = app.Db())
        {
            Assert.True(await ReplyTokens.RevokeAsync(db, seeded.TokenId, app.Now));
            await db.SaveChangesAsync();
        }

        var before = await app.SnapshotAsync(seeded);
        using var post = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), Filled(seeded, "submit")));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
        await AssertGoneAsync(seeded);
    }

    [Fact]
    public async Task A_post_over_the_size_limit_is_refused_before_it_is_read()
    {
        var seeded = await app.SeedAsync("en");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        var big = new byte[16 * 1024 * 1024];
        "%PDF"u8.CopyTo(big);
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), Filled(seeded, "submit"), (seeded.TrainingId, "big.pdf", big)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The upload is too large (at most 15 MB in total)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    [Fact]
    public async Task A_file_over_the_per_file_limit_is_named_in_the_error()
    {
        var seeded = await app.SeedAsync("en");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        var big = new byte[6 * 1024 * 1024];
        "%PDF"u8.CopyTo(big);
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), Filled(seeded, "submit"), (seeded.TrainingId, "scan.pdf", big)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("“scan.pdf” is larger than 5 MB.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    private async Task AssertGoneAsync(SeededRound seeded)
    {
        using var http = app.Client();
        foreach (var path in new[] { seeded.Path, seeded.Path + "/done" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Contains("This link is no longer valid", html, StringComparison.Ordinal);
            Assert.Contains("Link više ne važi", html, StringComparison.Ordinal);
            Assert.DoesNotContain(seeded.Round, html, StringComparison.Ordinal);
        }

        var before = await app.SnapshotAsync(seeded);
        using var post = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form("x", Filled(seeded, "submit")));
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
        Assert.Equal(before, await app.SnapshotAsync(seeded));
    }

    /// <summary>Loads the form, posts it, follows the 303 and returns the form as it shows afterwards.</summary>
    private static async Task<string> SubmitAsync(HttpClient http, SeededRound seeded, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), fields));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
    }

    internal static Dictionary<string, string> Filled(SeededRound seeded, string action) => new()
    {
        ["action"] = action,
        ["reporter"] = "Ana Perović",
        [$"o{seeded.TrainingId}-status"] = "PartiallyImplemented",
        [$"o{seeded.TrainingId}-ind0"] = "12",
        [$"o{seeded.TrainingId}-ind1"] = "1500.50",
        [$"o{seeded.TrainingId}-ind2"] = "Draft curriculum with the Police Academy",
        [$"o{seeded.TrainingId}-narrative"] = "Two trainings held in Podgorica.",
        [$"o{seeded.TrainingId}-links"] = "https://mup.gov.me/trainings\r\n\r\nhttps://example.org/photos",
        [$"o{seeded.ResearchId}-status"] = "Implemented",
        [$"o{seeded.ResearchId}-ind0"] = "Published in May",
    };

    private static MultipartFormDataContent Form(string? antiforgery, Dictionary<string, string> fields, params (long ObligationId, string Name, byte[] Content)[] files)
    {
        var content = new MultipartFormDataContent();
        if (antiforgery is not null)
        {
            content.Add(new StringContent(antiforgery), "__RequestVerificationToken");
        }

        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (obligationId, name, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, $"o{obligationId}-files", name);
        }

        return content;
    }

    private static string ReplyFormPageEncode(string text) => PlanWorkflows.Server.Forms.ReplyFormPage.E(text);
}
