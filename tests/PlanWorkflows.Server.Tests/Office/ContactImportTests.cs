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
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, string lang = "")
    {
        var page = await client.GetStringAsync("/office/institutions" + (lang.Length > 0 ? "?lang=" + lang : string.Empty));
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(OfficeApp.Token(page)), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/office/institutions/import", form);
    }

    /// <summary>Uploads a CSV for a new institution from the page in <paramref name="lang"/>; the import is refused and its page returned.</summary>
    private async Task<string> RefusedImportAsync(string institution, string fileName, string csv, string lang)
    {
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        await AddInstitutionAsync(institution);
        var response = await UploadAsync(client, fileName, Encoding.UTF8.GetBytes(csv), lang);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task AddInstitutionAsync(string id)
    {
        await using var db = app.Db();
        db.Institutions.Add(new InstitutionRecord { Id = id, NameEn = id, NameCnr = id });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task On_the_Montenegrin_page_the_contact_form_names_its_problems_in_Montenegrin()
    {
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        await AddInstitutionAsync("form-cnr");
        const string page = "/office/institutions/form-cnr";

        var bad = await OfficeApp.PostAsync(client, page + "?lang=cnr", $"{page}/contacts", new Dictionary<string, string> { ["role"] = "boss", ["name"] = "", ["email"] = "not-an-address", ["language"] = "en" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("role: 'boss' nije jedno od: focalPoint, deputy, head", html, StringComparison.Ordinal);
        Assert.Contains("name: obavezno, najviše 200 znakova", html, StringComparison.Ordinal);
        Assert.Contains("email: 'not-an-address' nije adresa e-pošte", html, StringComparison.Ordinal);
        Assert.DoesNotContain("is not one of", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_with_errors_names_each_row_and_column_and_imports_nothing()
    {
        var csv = "institution,role,name,email,language\n"
            + "csv-bad,focalPoint,Good Person,good@csv.example,en\n"
            + "csv-bad,chief,\"Doe, Jane\",jane@csv.example,cnr\n"
            + "no-such-place,head,Head,head@csv.example,en\n"
            + "csv-bad,deputy,Deputy,deputy-at-csv,fr\n";
        var html = await RefusedImportAsync("csv-bad", "contacts.csv", csv, "en");
        Assert.Contains("contacts.csv, row 3, column role: 'chief' is not one of focalPoint, deputy, head", html, StringComparison.Ordinal);
        Assert.Contains("contacts.csv, row 4, column institution: no institution 'no-such-place'", html, StringComparison.Ordinal);
        Assert.Contains("contacts.csv, row 5, column email: 'deputy-at-csv' is not an e-mail address", html, StringComparison.Ordinal);
        Assert.Contains("contacts.csv, row 5, column language: 'fr' is not one of en, cnr, cnr-Cyrl", html, StringComparison.Ordinal);
        await using var check = app.Db();
        Assert.False(await check.Contacts.AnyAsync(c => c.InstitutionId == "csv-bad"));
        Assert.False(await check.Audit.AnyAsync(a => a.Entity == "Contacts" && a.EntityId == "contacts.csv"));
    }

    [Fact]
    public async Task On_the_Montenegrin_page_an_import_names_row_and_column_in_Montenegrin()
    {
        var csv = "institution,role,name,email,language\n"
            + "csv-cnr,chief,Ana,ana@cnr.example,cnr\n"
            + "nema-je,head,Head,head@cnr.example,en\n"
            + "csv-cnr,deputy,Deputy,deputy-at-cnr,fr\n"
            + "csv-cnr,head,Again,ana@cnr.example,cnr\n";
        var html = await RefusedImportAsync("csv-cnr", "kontakti.csv", csv, "cnr");
        Assert.Contains("kontakti.csv, red 2, kolona role: 'chief' nije jedno od: focalPoint, deputy, head", html, StringComparison.Ordinal);
        Assert.Contains("kontakti.csv, red 3, kolona institution: nema institucije 'nema-je'", html, StringComparison.Ordinal);
        Assert.Contains("kontakti.csv, red 4, kolona email: 'deputy-at-cnr' nije adresa e-pošte", html, StringComparison.Ordinal);
        Assert.Contains("kontakti.csv, red 4, kolona language: 'fr' nije jedno od: en, cnr, cnr-Cyrl", html, StringComparison.Ordinal);
        Assert.Contains("kontakti.csv, red 5, kolona email: ana@cnr.example je već u redu 2", html, StringComparison.Ordinal);
        Assert.DoesNotContain(", row ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("is not one of", html, StringComparison.Ordinal);
        await using var check = app.Db();
        Assert.False(await check.Contacts.AnyAsync(c => c.InstitutionId == "csv-cnr"));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_named_in_both_languages()
    {
        var (_, unclosed) = ContactImport.Read(new MemoryStream(Encoding.UTF8.GetBytes("institution,role,name,email,language\nx,head,\"Open,a@b.example,en\n")), "c.csv");
        Assert.Equal(("c.csv: row 2: a quoted field is not closed", "c.csv: red 2: polje pod navodnicima nije zatvoreno"), (unclosed.Single().En, unclosed.Single().Cnr));

        var (_, wrongKind) = ContactImport.Read(new MemoryStream([1, 2, 3]), "c.txt");
        Assert.Equal(("c.txt: only .csv and .xlsx files can be imported", "c.txt: mogu se uvesti samo datoteke .csv i .xlsx"), (wrongKind.Single().En, wrongKind.Single().Cnr));

        var (_, notXlsx) = ContactImport.Read(new MemoryStream(Encoding.UTF8.GetBytes("not a workbook")), "c.xlsx");
        Assert.StartsWith("c.xlsx: datoteka se ne može pročitati: ", notXlsx.Single().Cnr, StringComparison.Ordinal);

        var (_, empty) = ContactImport.Read(new MemoryStream(), "c.csv");
        Assert.Equal("c.csv: datoteka je prazna", empty.Single().Cnr);

        var (_, missing) = ContactImport.Read(new MemoryStream(Encoding.UTF8.GetBytes("institution;role;name;language\nx;head;A;en\n")), "c.csv");
        Assert.Equal(["c.csv, red 1: nedostaje kolona 'email' (očekuju se institution, role, name, email, language)"], missing.Select(e => e.Cnr));
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
