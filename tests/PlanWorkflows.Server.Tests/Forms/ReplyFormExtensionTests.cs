using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Tests.Forms;

/// <summary>Requesting a later due date from the reply form, over real HTTP.</summary>
public sealed class ReplyFormExtensionTests(FormApp app) : IClassFixture<FormApp>
{
    private static Dictionary<string, string> Extend(long obligationId, string date, string reason, string reporter = "Ana Perović") => new()
    {
        ["action"] = $"extend-{obligationId}",
        ["reporter"] = reporter,
        [$"o{obligationId}-extdate"] = date,
        [$"o{obligationId}-extreason"] = reason,
    };

    private static MultipartFormDataContent Form(string antiforgery, Dictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent { { new StringContent(antiforgery), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, SeededRound seeded, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        return await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), Form(FormApp.AntiforgeryToken(page), fields));
    }

    [Fact]
    public async Task Each_open_item_offers_an_extension_with_the_allowed_dates()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        DateOnly latest;
        await using (var db = app.Db())
        {
            latest = (await Extensions.LatestDateAsync(db)).GetValueOrDefault();
        }

        Assert.Contains($"<details class=\"extension\" id=\"o{seeded.TrainingId}-extension\"><summary>Request a later due date</summary>", page, StringComparison.Ordinal);
        Assert.Contains($"type=\"date\" id=\"o{seeded.TrainingId}-extdate\" name=\"o{seeded.TrainingId}-extdate\" value=\"\" min=\"2013-07-01\" max=\"{latest:yyyy-MM-dd}\"", page, StringComparison.Ordinal);
        Assert.Contains($"name=\"action\" value=\"extend-{seeded.ResearchId}\"", page, StringComparison.Ordinal);

        var cnr = await app.SeedAsync("cnr");
        var montenegrin = await http.GetStringAsync(new Uri(cnr.Path, UriKind.Relative));
        Assert.Contains("Zahtjev za produženje roka", montenegrin, StringComparison.Ordinal);
        Assert.Contains("Pošalji zahtjev za produženje", montenegrin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_is_stored_mailed_to_the_office_and_shown_as_pending_while_typed_answers_are_kept()
    {
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var fields = Extend(seeded.TrainingId, "2013-09-15", "The inspectors' training moved to September.");
        fields[$"o{seeded.ResearchId}-narrative"] = "Half written";
        using var response = await PostAsync(http, seeded, fields);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{seeded.Path}?extension=true#o{seeded.TrainingId}-extension", response.Headers.Location!.OriginalString);

        await using (var db = app.Db())
        {
            var request = await db.Extensions.SingleAsync(e => e.ObligationId == seeded.TrainingId);
            Assert.Equal(ExtensionStatus.Requested, request.Status);
            Assert.Equal(new DateOnly(2013, 9, 15), request.RequestedDueDate);
            Assert.Equal(new DateOnly(2013, 6, 30), request.CurrentDueDate);
            Assert.Equal("Ana Perović", request.RequestedBy);
            Assert.Equal(seeded.TokenId, request.ReplyTokenId);
            Assert.Equal(new DateOnly(2013, 6, 30), (await db.Obligations.SingleAsync(o => o.Id == seeded.TrainingId)).DueDate);
            var mail = await db.Outbox.SingleAsync(o => o.Template == "extension-requested" && o.ObligationId == seeded.TrainingId);
            Assert.Equal(FormApp.FocalPoint, mail.To);
            Assert.Equal("The inspectors' training moved to September.", JsonNode.Parse(mail.ModelJson)!["items"]![0]!["narrative"]!.GetValue<string>());
            var draft = await db.FormDrafts.SingleAsync(d => d.ReplyTokenId == seeded.TokenId && d.ObligationId == seeded.ResearchId);
            Assert.Contains("Half written", draft.Json, StringComparison.Ordinal);
        }

        var reopened = await http.GetStringAsync(new Uri($"{seeded.Path}?extension=true", UriKind.Relative));
        Assert.Contains("Your request for an extension has been sent to the Office.", reopened, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"extension-pending\" id=\"o{seeded.TrainingId}-extension\">Extension to ", reopened, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"extend-{seeded.TrainingId}\"", reopened, StringComparison.Ordinal);
        Assert.Contains($"value=\"extend-{seeded.ResearchId}\"", reopened, StringComparison.Ordinal);

        // The page still offered the button (opened before): a second request is refused at the item.
        using var again = await PostAsync(http, seeded, Extend(seeded.TrainingId, "2013-10-01", "Later still"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("An extension has already been requested for this item", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = app.Db())
        {
            Assert.Equal(1, await db.Extensions.CountAsync(e => e.ObligationId == seeded.TrainingId));
        }
    }

    [Theory]
    [InlineData("2013-06-30", "reason", "Ana", "extdate", "The new due date must be after the current due date")]
    [InlineData("2013-05-01", "reason", "Ana", "extdate", "The new due date must be after the current due date")]
    [InlineData("soon", "reason", "Ana", "extdate", "Enter the new due date as a date")]
    [InlineData("2013-09-15", "  ", "Ana", "extreason", "Give the reason why you need more time.")]
    [InlineData("2099-01-01", "reason", "Ana", "extdate", "The new due date can be ")]
    [InlineData("2013-09-15", "reason", "", "reporter", "Enter your name.")]
    public async Task A_bad_request_comes_back_with_the_error_at_its_field_and_stores_nothing(string date, string reason, string reporter, string field, string error)
    {
        var seeded = await app.SeedAsync("en");
        var before = await app.SnapshotAsync(seeded);
        using var http = app.Client();
        using var response = await PostAsync(http, seeded, Extend(seeded.TrainingId, date, reason, reporter));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var name = field == "reporter" ? "reporter" : $"o{seeded.TrainingId}-{field}";
        Assert.Contains($"<p class=\"error\" id=\"{name}-error\">{PlanWorkflows.Server.Forms.ReplyFormPage.E(error)}", html, StringComparison.Ordinal);
        if (field != "reporter")
        {
            // The section opens by itself and keeps what was typed.
            Assert.Contains($"<details class=\"extension\" id=\"o{seeded.TrainingId}-extension\" open>", html, StringComparison.Ordinal);
            Assert.Contains($"name=\"o{seeded.TrainingId}-extdate\" value=\"{date}\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(before, await app.SnapshotAsync(seeded));
        await using var db = app.Db();
        Assert.Equal(0, await db.Extensions.CountAsync(e => e.ObligationId == seeded.TrainingId));
    }
}
