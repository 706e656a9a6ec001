using System.Net;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>
/// The startup sync applies institutions.yaml again at every start; what the Office changed in the web app must
/// outlive it, while what is new or changed in the file still arrives.
/// </summary>
public sealed class InstitutionSyncTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private const string Id = "sync-ministry";
    private const string Page = "/office/institutions/" + Id;

    private static string Yaml(string nameEn, params (string Role, string Name, string Email)[] contacts) => $"""
        institutions:
          - id: {Id}
            kind: government
            names:
              en: "{nameEn}"
              cnr: "Ministarstvo sinhronizacije"
            contacts:
        {string.Concat(contacts.Select(c => $"      - role: {c.Role}\n        name: \"{c.Name}\"\n        email: {c.Email}\n        language: en\n"))}
        """;

    /// <summary>What <c>StartupTasks</c> does at every start, with the given institutions file.</summary>
    private async Task StartupSyncAsync(string yaml)
    {
        var services = app.Services;
        var bindings = services.GetRequiredService<DefinitionBindings>();
        await new ObligationSync(app.Db, services.GetRequiredService<WorkingDayCalendar>(), bindings.For)
            .SyncAsync(services.GetRequiredService<PlanCatalogue>(), InstitutionDirectory.Parse(yaml, "institutions.yaml"), app.Clock.GetUtcNow().UtcDateTime);
    }

    private async Task<InstitutionRecord> StoredAsync()
    {
        await using var db = app.Db();
        return await db.Institutions.AsNoTracking().Include(i => i.Contacts).SingleAsync(i => i.Id == Id);
    }

    private static ContactRecord? Contact(InstitutionRecord institution, string email) =>
        institution.Contacts.SingleOrDefault(c => c.Email == email);

    [Fact]
    public async Task Office_edits_survive_the_next_start_while_the_file_still_adds_and_updates_what_the_Office_left_alone()
    {
        await StartupSyncAsync(Yaml("Ministry of Sync", ("focalPoint", "Ana File", "ana@sync.example"), ("deputy", "Boris File", "boris@sync.example"), ("head", "Cvijeta File", "cvijeta@sync.example")));
        var first = await StoredAsync();
        Assert.Equal(3, first.Contacts.Count);

        using var client = await app.SignedInAsync(OfficeRoles.Office);
        Assert.DoesNotContain("replace changes made here", await client.GetStringAsync(Page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, Page, Page, new Dictionary<string, string> { ["nameEn"] = "Ministry of Synchronisation", ["nameCnr"] = "Ministarstvo za sinhronizaciju" })).StatusCode);
        var ana = Contact(first, "ana@sync.example")!;
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, Page, $"{Page}/contacts/{ana.Id}", new Dictionary<string, string> { ["role"] = "head", ["name"] = "Ana Office", ["email"] = "ana@sync.example", ["language"] = "cnr" })).StatusCode);
        var cvijeta = Contact(first, "cvijeta@sync.example")!;
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, Page, $"{Page}/contacts/{cvijeta.Id}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, Page, $"{Page}/contacts", new Dictionary<string, string> { ["role"] = "deputy", ["name"] = "Dara Office", ["email"] = "dara@sync.example", ["language"] = "en" })).StatusCode);
        Assert.Contains("institutions.yaml no longer changes them", await client.GetStringAsync(Page), StringComparison.Ordinal);

        // The file changed meanwhile too: new names, Ana and Boris renamed there, Cvijeta still listed, Edin new.
        await StartupSyncAsync(Yaml("Ministry of Sync (file)", ("focalPoint", "Ana File 2", "ana@sync.example"), ("deputy", "Boris File 2", "boris@sync.example"), ("head", "Cvijeta File", "cvijeta@sync.example"), ("focalPoint", "Edin File", "edin@sync.example")));
        var second = await StoredAsync();
        Assert.Equal("Ministry of Synchronisation", second.NameEn);
        Assert.Equal("Ministarstvo za sinhronizaciju", second.NameCnr);
        Assert.Equal(("head", "Ana Office", "cnr"), (Contact(second, "ana@sync.example")!.Role, Contact(second, "ana@sync.example")!.Name, Contact(second, "ana@sync.example")!.Language));
        Assert.Equal("Boris File 2", Contact(second, "boris@sync.example")!.Name);
        Assert.Null(Contact(second, "cvijeta@sync.example"));
        Assert.Equal("Dara Office", Contact(second, "dara@sync.example")!.Name);
        Assert.Equal(("focalPoint", "Edin File"), (Contact(second, "edin@sync.example")!.Role, Contact(second, "edin@sync.example")!.Name));
        Assert.Equal(4, second.Contacts.Count);

        // A start with an unchanged file changes nothing.
        await StartupSyncAsync(Yaml("Ministry of Sync (file)", ("focalPoint", "Ana File 2", "ana@sync.example"), ("deputy", "Boris File 2", "boris@sync.example"), ("head", "Cvijeta File", "cvijeta@sync.example"), ("focalPoint", "Edin File", "edin@sync.example")));
        var third = await StoredAsync();
        Assert.Equal(
            second.Contacts.OrderBy(c => c.Id).Select(c => (c.Id, c.Role, c.Name, c.Email, c.Language)),
            third.Contacts.OrderBy(c => c.Id).Select(c => (c.Id, c.Role, c.Name, c.Email, c.Language)));

        // Taken out of the file: Boris (never touched in the Office) goes, Ana (edited there) stays.
        await StartupSyncAsync(Yaml("Ministry of Sync (file)", ("focalPoint", "Edin File", "edin@sync.example")));
        var fourth = await StoredAsync();
        Assert.Null(Contact(fourth, "boris@sync.example"));
        Assert.NotNull(Contact(fourth, "ana@sync.example"));
        Assert.NotNull(Contact(fourth, "dara@sync.example"));
        Assert.NotNull(Contact(fourth, "edin@sync.example"));
    }

    [Fact]
    public async Task A_contact_imported_from_a_spreadsheet_keeps_its_imported_name_at_the_next_start()
    {
        const string id = "import-sync-ministry";
        var yaml = Yaml("Import Ministry", ("focalPoint", "Goran File", "goran@import.example")).Replace(Id, id, StringComparison.Ordinal);
        await StartupSyncAsync(yaml);
        using var client = await app.SignedInAsync(OfficeRoles.Office);
        var csv = $"institution,role,name,email,language\n{id},focalPoint,Goran Imported,goran@import.example,en\n";
        using var content = new MultipartFormDataContent
        {
            { new StringContent(OfficeApp.Token(await client.GetStringAsync("/office/institutions"))), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "contacts.csv" },
        };
        Assert.Equal(HttpStatusCode.SeeOther, (await client.PostAsync("/office/institutions/import", content)).StatusCode);

        await StartupSyncAsync(yaml);
        await using var db = app.Db();
        Assert.Equal("Goran Imported", (await db.Contacts.AsNoTracking().SingleAsync(c => c.InstitutionId == id)).Name);
    }
}
