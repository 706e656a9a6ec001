using System.Globalization;
using System.Net;
using System.Resources;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Office.Reports;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>The report page's forms over HTTP: a report entered from paper, a return without a comment, and the texts of both languages.</summary>
public sealed class ReportPageTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static async Task<string> TokenAsync(HttpClient client, string page) => OfficeApp.Token(await client.GetStringAsync(page));

    [Fact]
    public async Task The_office_enters_a_report_received_on_paper_with_a_scan_and_the_page_says_who_entered_it()
    {
        var seeded = await app.SeedAsync();
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var page = $"/office/reports/{seeded.ObligationId}";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(client, page)), "__RequestVerificationToken" },
            { new StringContent("paper"), "channel" },
            { new StringContent("PartiallyImplemented"), "status" },
            { new StringContent("Milica Jovanović"), "submittedBy" },
            { new StringContent("Letter no. 02-345 of 1 March 2013: the survey is under way."), "narrative" },
            { new StringContent("Something done"), "indicatorName0" },
            { new StringContent("survey started"), "indicator0" },
            { new ByteArrayContent("%PDF-1.4 scan"u8.ToArray()), "files", "dopis.pdf" },
        };
        var response = await client.PostAsync($"{page}/record", form);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{page}?done=recorded", response.Headers.Location!.ToString());

        var html = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("The report was saved.", html, StringComparison.Ordinal);
        Assert.Contains($"entered by {OfficeApp.OfficeEmail} on the institution", html, StringComparison.Ordinal);
        Assert.Contains("survey started", html, StringComparison.Ordinal);
        await using var db = app.Db();
        var report = await db.Reports.SingleAsync(r => r.ObligationId == seeded.ObligationId);
        Assert.Equal(("paper", "Milica Jovanović", OfficeApp.OfficeEmail), (report.Channel, report.SubmittedBy, report.RecordedBy));
        var evidence = await db.Evidence.SingleAsync(e => e.ReportId == report.Id);
        Assert.Contains($"href=\"{EvidenceDownloads.Link(evidence.Id)}\"", html, StringComparison.Ordinal);
        Assert.Equal(ObligationStatus.Reported, (await db.Obligations.SingleAsync(o => o.Id == seeded.ObligationId)).Status);
    }

    [Fact]
    public async Task A_return_without_a_comment_comes_back_with_the_reason_in_the_page_language()
    {
        var seeded = await app.SeedAsync();
        await using (var db = app.Db())
        {
            var obligation = await db.Obligations.SingleAsync(o => o.Id == seeded.ObligationId);
            obligation.Status = ObligationStatus.Reported;
            db.Reports.Add(new Report { ObligationId = obligation.Id, Version = 1, Status = ImplementationStatus.Implemented, Narrative = "Done.", SubmittedBy = "Focal Point", SubmittedAt = app.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var page = $"/office/reports/{seeded.ObligationId}?lang=cnr";
        var response = await OfficeApp.PostAsync(client, page, $"/office/reports/{seeded.ObligationId}/return", new() { ["version"] = "1", ["comment"] = " " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("komentar: vraćeni izvještaj traži komentar", html, StringComparison.Ordinal);
        var twice = await OfficeApp.PostAsync(client, page, $"/office/reports/{seeded.ObligationId + 100000}/accept", new() { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        await using var check = app.Db();
        Assert.Null((await check.Reports.SingleAsync(r => r.ObligationId == seeded.ObligationId)).Review);
    }

    [Fact]
    public void Every_english_text_of_the_reports_pages_has_its_montenegrin_beside_it()
    {
        var resources = new ResourceManager(typeof(ReportText).FullName!, typeof(ReportText).Assembly);
        static Dictionary<string, string> Read(ResourceSet set) =>
            set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
        var english = Read(resources.GetResourceSet(CultureInfo.InvariantCulture, true, false)!);
        var montenegrin = Read(resources.GetResourceSet(CultureInfo.GetCultureInfo("cnr"), true, false) ?? throw new InvalidOperationException("no cnr satellite"));
        Assert.True(english.Count > 50);
        Assert.Empty(english.Keys.Except(montenegrin.Keys));
        Assert.Empty(montenegrin.Keys.Except(english.Keys));
        string[] sameInBoth = ["Inbox.Period", "Report.Period", "Report.Indicators", "Report.Indicator"];
        Assert.Empty(english.Where(e => montenegrin[e.Key] == e.Value && !sameInBoth.Contains(e.Key)).Select(e => e.Key));
    }
}
