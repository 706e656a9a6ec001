using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Tests.Office;

public sealed class ContactImportTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync("/office/institutions");
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(OfficeApp.Token(page)), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/office/institutions/import", form);
    }

    [Fact]
    public async Task A_csv_with_errors_names_each_row_and_column_and_imports_nothing()
    {
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        await using (var db = app.Db())
        {
            db.Institutions.Add(new InstitutionRecord { Id = "csv-bad", NameEn = "Csv Bad", NameCnr = "Csv Bad" });
            await db.SaveChangesAsync();
        }

        var csv = "institution,role,name,email,language\n"
            + "csv-bad,focalPoint,Good Person,good@csv.example,en\n"
            + "csv-bad,chief,\"Doe, Jane\",jane@csv.example,cnr\n"
            + "no-such-place,head,Head,head@csv.example,en\n"
            + "csv-bad,deputy,Deputy,deputy-at-csv,fr\n";
        var response = await UploadAsync(client, "contacts.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("contacts.csv, row 3, column role: 'chief' is not one of focalPoint, deputy, head", html, StringComparison.Ordinal);
        Assert.Contains("contacts.csv, row 4, column institution: no institution 'no-such-place'", html, StringComparison.Ordinal);
        Assert.Contains("contacts.csv, row 5, column email: 'deputy-at-csv' is not an e-mail address", html, StringComparison.Ordinal);
        Assert.Contains("contacts.csv, row 5, column language: 'fr' is not one of cnr, en", html, StringComparison.Ordinal);
        await using var check = app.Db();
        Assert.False(await check.Contacts.AnyAsync(c => c.InstitutionId == "csv-bad"));
        Assert.False(await check.Audit.AnyAsync(a => a.Entity == "Contacts" && a.EntityId == "contacts.csv"));
    }

    [Fact]
    public async Task A_csv_without_a_required_column_says_which()
    {
        var (rows, errors) = ContactImport.Read(new MemoryStream(Encoding.UTF8.GetBytes("institution;role;name;language\nx;head;A;en\n")), "c.csv");
        Assert.Empty(rows);
        Assert.Equal(["c.csv, row 1: column 'email' is missing (expected institution, role, name, email, language)"], errors.Select(e => e.En));
    }

    [Fact]
    public async Task An_xlsx_adds_new_contacts_updates_known_ones_and_is_recorded()
    {
        await using (var db = app.Db())
        {
            db.Institutions.Add(new InstitutionRecord
            {
                Id = "xlsx-ministry", NameEn = "Xlsx Ministry", NameCnr = "Xlsx ministarstvo",
                Contacts = [new ContactRecord { Role = "focalPoint", Name = "Old Name", Email = "known@xlsx.example", Language = "cnr" }],
            });
            await db.SaveChangesAsync();
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("contacts");
        string[][] cells =
        [
            ["Institution", "Role", "Name", "Email", "Language"],
            ["xlsx-ministry", "focalPoint", "New Name", "known@xlsx.example", "en"],
            ["XLSX-ministry", "head", "Head Person", "head@xlsx.example", "cnr"],
        ];
        for (var r = 0; r < cells.Length; r++)
        {
            for (var c = 0; c < cells[r].Length; c++)
            {
                sheet.Cell(r + 1, c + 1).Value = cells[r][c];
            }
        }

        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var response = await UploadAsync(client, "contacts.xlsx", buffer.ToArray());
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        await using var check = app.Db();
        var contacts = await check.Contacts.Where(c => c.InstitutionId == "xlsx-ministry").OrderBy(c => c.Email).ToListAsync();
        Assert.Equal(["head@xlsx.example", "known@xlsx.example"], contacts.Select(c => c.Email).ToArray());
        Assert.Equal("New Name", contacts[1].Name);
        Assert.Equal("en", contacts[1].Language);
        var audit = await check.Audit.SingleAsync(a => a.Entity == "Contacts" && a.EntityId == "contacts.xlsx");
        Assert.Equal("contacts-imported", audit.Action);
        Assert.Single(JsonNode.Parse(audit.BeforeJson!)!.AsArray());
        Assert.Equal("Old Name", JsonNode.Parse(audit.BeforeJson!)![0]!["name"]!.GetValue<string>());
        Assert.Equal(2, JsonNode.Parse(audit.AfterJson!)!.AsArray().Count);
    }

    [Fact]
    public async Task A_file_that_is_neither_csv_nor_xlsx_is_refused_by_name()
    {
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var response = await UploadAsync(client, "contacts.pdf", "%PDF-1.4"u8.ToArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("contacts.pdf: only .csv and .xlsx files can be imported", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
