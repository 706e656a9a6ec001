using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Office;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>The designer inside the Office app: who may open and change it, and the audit row every change leaves.</summary>
public sealed class DesignerAccessTests(DesignerApp app) : IClassFixture<DesignerApp>
{
    private const string Entity = "WorkflowDefinition";

    private static string Definition(string name, string template = "first-reminder") => $$"""
        { "name": "{{name}}", "title": "Test {{name}}", "description": "", "properties": {}, "sequence": [
          { "id": "remind", "componentType": "task", "type": "SendReminder", "name": "Remind", "properties": { "template": "{{template}}", "recipients": ["focalPoint"] } } ] }
        """;

    private static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private async Task<List<AuditEntry>> AuditOfAsync(string name)
    {
        await using var db = app.Db();
        return await db.Audit.AsNoTracking().Where(a => a.Entity == Entity && a.EntityId == name).OrderBy(a => a.Id).ToListAsync();
    }

    private static JsonNode Json(string? text) => JsonNode.Parse(text ?? throw new InvalidOperationException("no JSON recorded"))!;

    [Fact]
    public async Task Signed_out_the_page_goes_to_sign_in_and_the_api_answers_401_to_reads_and_changes_storing_nothing()
    {
        using var anonymous = OfficeSignIn.Client(app.BaseAddress);

        var page = await anonymous.GetAsync(DesignerEndpoints.PagePath);
        var read = await anonymous.GetAsync(DesignerApp.Api("/definitions"));
        var draft = await anonymous.PutAsync(DesignerApp.Api("/definitions/anonymous-flow/draft"), Body(Definition("anonymous-flow")));
        var import = await anonymous.PutAsync(DesignerApp.Api("/definitions/anonymous-flow/draft?imported=flow.json"), Body(Definition("anonymous-flow")));
        var publish = await anonymous.PostAsJsonAsync(DesignerApp.Api("/definitions/deadline-report/publish"), new { });

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"{OfficePaths.SignIn}?returnUrl=%2Foffice%2Fdesigner", page.Headers.Location!.PathAndQuery);
        // JSON callers get a status they can act on, not the sign-in page's HTML.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { read.StatusCode, draft.StatusCode, import.StatusCode, publish.StatusCode });
        await using var db = app.Db();
        Assert.False(await db.Definitions.AnyAsync(d => d.Name == "anonymous-flow"));
        Assert.False(await db.Definitions.AnyAsync(d => d.Name == "deadline-report" && d.State == DefinitionState.Draft));
        Assert.False(await db.Audit.AnyAsync(a => a.Entity == Entity && (a.EntityId == "anonymous-flow" || a.EntityId == "deadline-report")));
    }

    [Theory]
    [InlineData(OfficeRoles.Secretary)]
    [InlineData(OfficeRoles.Viewer)]
    public async Task Secretary_and_viewer_are_refused_the_page_and_every_change_and_the_draft_stays_as_the_Office_left_it(string role)
    {
        var name = $"guarded-by-role-{role.ToLowerInvariant()}";
        using var office = await app.ClientAsync();
        await DesignerApp.PutDraftAsync(office, Definition(name));
        using var other = await OfficeSignIn.SignedInAsync(app.BaseAddress, role);

        var page = await other.GetAsync(DesignerEndpoints.PagePath);
        var draft = await other.PutAsync(DesignerApp.Api($"/definitions/{name}/draft"), Body(Definition(name, "final-reminder")));
        var publish = await other.PostAsJsonAsync(DesignerApp.Api($"/definitions/{name}/publish"), new { });
        var dashboard = await other.GetStringAsync(OfficePaths.Root);

        foreach (var refused in new[] { page, draft, publish })
        {
            // The Office's "not allowed" page, not the designer's token check: the role is what is refused.
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Your role does not allow this.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"href=\"{DesignerEndpoints.PagePath}\"", dashboard, StringComparison.Ordinal);
        await using var db = app.Db();
        var stored = await db.Definitions.AsNoTracking().SingleAsync(d => d.Name == name);
        Assert.Equal(DefinitionState.Draft, stored.State);
        Assert.Contains("first-reminder", stored.Json, StringComparison.Ordinal);
        Assert.Equal([OfficeSignIn.OfficeEmail], (await AuditOfAsync(name)).Select(a => a.User));
    }

    [Fact]
    public async Task The_Office_sees_the_designer_in_the_navigation_and_opens_it()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);

        var dashboard = await office.GetStringAsync(OfficePaths.Root);
        var page = await office.GetAsync(DesignerEndpoints.PagePath);

        // A full page load (the designer runs its own script), not an enhanced navigation.
        Assert.Matches($"<a href=\"{DesignerEndpoints.PagePath}\"[^>]*data-enhance-nav=\"false\"[^>]*>Designer</a>", dashboard);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"designer-app\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_a_draft_audits_who_and_the_definition_before_and_after()
    {
        const string name = "audited-draft";
        using var client = await app.ClientAsync();
        var start = app.Now;

        await DesignerApp.PutDraftAsync(client, Definition(name));
        await DesignerApp.PutDraftAsync(client, Definition(name, "final-reminder"));

        var rows = await AuditOfAsync(name);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("definition-draft-saved", OfficeSignIn.OfficeEmail), (r.Action, r.User)));
        Assert.All(rows, r => Assert.InRange(r.At, start, app.Now));
        Assert.Null(rows[0].BeforeJson);
        var created = Json(rows[0].AfterJson);
        Assert.Equal((1, "Draft"), (created["version"]!.GetValue<int>(), created["state"]!.GetValue<string>()));
        Assert.Equal("first-reminder", created["definition"]!["sequence"]![0]!["properties"]!["template"]!.GetValue<string>());
        Assert.Equal(created.ToJsonString(), Json(rows[1].BeforeJson).ToJsonString());
        Assert.Equal("final-reminder", Json(rows[1].AfterJson)["definition"]!["sequence"]![0]!["properties"]!["template"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publishing_audits_the_versions_it_moves_and_the_next_draft_records_the_published_one_it_replaces()
    {
        const string name = "audited-publish";
        using var client = await app.ClientAsync();

        await DesignerApp.PutDraftAsync(client, Definition(name));
        Assert.Equal(1, await DesignerApp.PublishAsync(client, name));
        await DesignerApp.PutDraftAsync(client, Definition(name, "final-reminder"));
        Assert.Equal(2, await DesignerApp.PublishAsync(client, name));

        var rows = await AuditOfAsync(name);
        Assert.Equal(["definition-draft-saved", "definition-published", "definition-draft-saved", "definition-published"], rows.Select(r => r.Action));
        Assert.Equal("""{"published":null,"draft":1}""", rows[1].BeforeJson);
        Assert.Equal("""{"published":1}""", rows[1].AfterJson);
        var replaced = Json(rows[2].BeforeJson);
        Assert.Equal((1, "Published"), (replaced["version"]!.GetValue<int>(), replaced["state"]!.GetValue<string>()));
        Assert.Equal(2, Json(rows[2].AfterJson)["version"]!.GetValue<int>());
        Assert.Equal("""{"published":1,"draft":2}""", rows[3].BeforeJson);
        Assert.Equal("""{"published":2}""", rows[3].AfterJson);
    }

    [Fact]
    public async Task Saving_an_imported_file_is_audited_as_an_import_naming_the_file()
    {
        const string name = "audited-import";
        using var client = await app.ClientAsync();

        var response = await client.PutAsync(DesignerApp.Api($"/definitions/{name}/draft?imported=from-colleague.json"), Body(Definition(name)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await AuditOfAsync(name));
        Assert.Equal(("definition-imported", OfficeSignIn.OfficeEmail), (row.Action, row.User));
        var after = Json(row.AfterJson);
        Assert.Equal("from-colleague.json", after["importedFrom"]!.GetValue<string>());
        Assert.Equal(name, after["definition"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_publish_and_a_misnamed_draft_change_nothing_and_write_no_audit_row()
    {
        const string name = "audited-refusal";
        using var client = await app.ClientAsync();
        await DesignerApp.PutDraftAsync(client, Definition(name, "no-such-template"));

        var publish = await client.PostAsJsonAsync(DesignerApp.Api($"/definitions/{name}/publish"), new { });
        var misnamed = await client.PutAsync(DesignerApp.Api($"/definitions/{name}/draft"), Body(Definition("another-name")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, publish.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, misnamed.StatusCode);
        Assert.Equal(["definition-draft-saved"], (await AuditOfAsync(name)).Select(r => r.Action));
        Assert.Empty(await AuditOfAsync("another-name"));
        await using var db = app.Db();
        Assert.Equal(DefinitionState.Draft, (await db.Definitions.AsNoTracking().SingleAsync(d => d.Name == name)).State);
    }

    [Fact]
    public async Task A_change_whose_audit_row_cannot_be_written_is_not_stored_either()
    {
        const string name = "audited-atomically";
        using var client = await app.ClientAsync();
        await DesignerApp.PutDraftAsync(client, Definition(name));
        await using (var db = app.Db())
        {
            // The database refuses this definition's next audit rows, as a full disk or a lost connection would.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_audit BEFORE INSERT ON AuditLog WHEN NEW.EntityId = '" + name + "' BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
        }

        var draft = await client.PutAsync(DesignerApp.Api($"/definitions/{name}/draft"), Body(Definition(name, "final-reminder")));
        var publish = await client.PostAsJsonAsync(DesignerApp.Api($"/definitions/{name}/publish"), new { });

        Assert.Equal(HttpStatusCode.InternalServerError, draft.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, publish.StatusCode);
        await using var check = app.Db();
        var stored = await check.Definitions.AsNoTracking().SingleAsync(d => d.Name == name);
        Assert.Equal(DefinitionState.Draft, stored.State);
        Assert.Contains("first-reminder", stored.Json, StringComparison.Ordinal);
        Assert.Single(await AuditOfAsync(name));
    }
}
