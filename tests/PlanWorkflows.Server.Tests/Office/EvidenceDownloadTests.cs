using System.Net;
using System.Text;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Office.Reports;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>Evidence files download for the Office and the secretary only, always as attachments with a type no browser runs.</summary>
public sealed class EvidenceDownloadTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private async Task<long> EvidenceAsync(string fileName, string contentType, byte[] content)
    {
        var seeded = await app.SeedAsync();
        await using var db = app.Db();
        var report = new Report { ObligationId = seeded.ObligationId, Version = 1, Status = ImplementationStatus.Implemented, Narrative = "See the file.", SubmittedBy = "focal", SubmittedAt = app.Clock.GetUtcNow().UtcDateTime };
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        var evidence = new Evidence { ReportId = report.Id, FileName = fileName, ContentType = contentType, Size = content.Length, Content = content };
        db.Evidence.Add(evidence);
        await db.SaveChangesAsync();
        return evidence.Id;
    }

    [Theory]
    [InlineData(OfficeRoles.Office)]
    [InlineData(OfficeRoles.Secretary)]
    public async Task A_pdf_downloads_as_an_attachment_with_its_type_and_the_bytes_stored(string role)
    {
        var pdf = "%PDF-1.4 minutes of the training"u8.ToArray();
        var id = await EvidenceAsync("zapisnik obuke.pdf", "application/pdf", pdf);
        using var client = await app.SignedInAsync(role);
        using var response = await client.GetAsync(EvidenceDownloads.Link(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("zapisnik obuke.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("report.html", "text/html")]
    [InlineData("chart.svg", "image/svg+xml")]
    [InlineData("photo.png", "text/html")]
    [InlineData("notes.txt", "text/html")]
    public async Task Html_svg_and_files_whose_type_disagrees_with_their_name_download_as_plain_bytes(string fileName, string storedType)
    {
        var id = await EvidenceAsync(fileName, storedType, Encoding.UTF8.GetBytes("<script>alert(document.cookie)</script>"));
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        using var response = await client.GetAsync(EvidenceDownloads.Link(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EvidenceDownloads.Bytes, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task A_viewer_is_refused_and_an_unknown_file_is_not_found()
    {
        var id = await EvidenceAsync("a.pdf", "application/pdf", "%PDF-1.4"u8.ToArray());
        using var viewer = await app.SignedInAsync(OfficeRoles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(EvidenceDownloads.Link(id))).StatusCode);
        using var office = await app.SignedInAsync(OfficeRoles.Office);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync(EvidenceDownloads.Link(id + 1000))).StatusCode);
        // A path instead of a number matches no route: files are rows, never paths on the server's disk.
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync(EvidenceDownloads.Path + "/..%2F..%2Fappsettings.json")).StatusCode);
        using var anonymous = app.Client();
        var redirected = await anonymous.GetAsync(EvidenceDownloads.Link(id));
        Assert.NotEqual(HttpStatusCode.OK, redirected.StatusCode);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("a\"b\r\n.pdf", "ab.pdf")]
    [InlineData("...", "evidence")]
    public void Download_names_keep_only_the_last_part_without_control_characters(string stored, string expected) =>
        Assert.Equal(expected, EvidenceDownloads.SafeFileName(stored));
}
