using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>Recipients naming an institution by id (<c>institution:&lt;id&gt;[:&lt;role&gt;]</c>) through the designer's API.</summary>
public sealed class InstitutionRecipientApiTests(DesignerApp app) : IClassFixture<DesignerApp>
{
    private static string Definition(string name, string copy) => $$"""
        { "name": "{{name}}", "title": "Test {{name}}", "description": "", "properties": {}, "sequence": [
          { "id": "wait", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": -5 } },
          { "id": "remind", "componentType": "task", "type": "SendReminder", "name": "Remind",
            "properties": { "template": "first-reminder", "recipients": ["focalPoint", "institution:moi:head"], "copy": [{{copy}}] } } ] }
        """;

    [Fact]
    public async Task Metadata_lists_every_institution_in_both_languages_and_how_a_recipient_names_one()
    {
        using var client = await app.ClientAsync();
        var metadata = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/metadata")));

        var institutions = metadata["institutions"]!.AsArray().Select(i => i!).ToList();
        var directory = app.Services.GetRequiredService<InstitutionDirectory>();
        Assert.Equal(directory.All.Select(i => i.Id).Order(StringComparer.Ordinal), institutions.Select(i => i["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var prosecutor = institutions.Single(i => i["id"]!.GetValue<string>() == "supreme-state-prosecutor");
        Assert.Equal("Supreme State Prosecutor's Office", prosecutor["name"]!.GetValue<string>());
        Assert.Equal("Vrhovno državno tužilaštvo", prosecutor["nameCnr"]!.GetValue<string>());
        Assert.Equal("institution:", metadata["institutionRecipient"]!["prefix"]!.GetValue<string>());
        Assert.Equal(["focalPoint", "deputy", "head"], metadata["institutionRecipient"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Publishing_a_draft_that_names_an_unknown_institution_is_refused_at_its_step_and_input()
    {
        using var client = await app.ClientAsync();
        var saved = await DesignerApp.PutDraftAsync(client, Definition("named-flow", "\"institution:ministry-of-magic\""));
        var savedError = Assert.Single(saved["errors"]!.AsArray())!;
        Assert.Equal(("remind", "copy"), (savedError["stepId"]!.GetValue<string>(), savedError["property"]!.GetValue<string>()));

        var refused = await client.PostAsJsonAsync(DesignerApp.Api("/definitions/named-flow/publish"), new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var error = Assert.Single((await DesignerApp.JsonAsync(refused))["errors"]!.AsArray())!;
        Assert.Equal(("remind", "copy"), (error["stepId"]!.GetValue<string>(), error["property"]!.GetValue<string>()));
        Assert.StartsWith("unknown institution 'ministry-of-magic' in recipient 'institution:ministry-of-magic'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await using (var db = app.Db())
        {
            Assert.Null(await DefinitionStore.LatestPublishedAsync(db, "named-flow"));
        }

        // Fixed, the same draft publishes.
        await DesignerApp.PutDraftAsync(client, Definition("named-flow", "\"institution:supreme-state-prosecutor\""));
        Assert.Equal(1, await DesignerApp.PublishAsync(client, "named-flow"));
    }

    [Fact]
    public async Task Import_and_validation_name_the_step_and_input_of_an_unknown_institution()
    {
        using var client = await app.ClientAsync();
        var text = Definition("imported-named", "\"office\", \"institution:supreme-state-prosecutr\"");

        var imported = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/import?file=named.json"), new StringContent(text)));
        var validated = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/validate"), new StringContent(text)));

        Assert.False(imported["valid"]!.GetValue<bool>());
        var problem = Assert.Single(imported["problems"]!.AsArray())!;
        Assert.Equal("named.json: step remind, copy", problem["where"]!.GetValue<string>());
        Assert.Contains("did you mean 'supreme-state-prosecutor'?", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var error = Assert.Single(validated["errors"]!.AsArray())!;
        Assert.Equal(("remind", "copy"), (error["stepId"]!.GetValue<string>(), error["property"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Preview_of_a_draft_sends_to_and_copies_the_named_institutions()
    {
        using var client = await app.ClientAsync();
        var obligations = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/obligations?definition=deadline-report&take=100")));
        // An obligation of an institution other than those the draft names, so no address is one of theirs.
        string[] named = ["moi", "supreme-state-prosecutor", "police-directorate"];
        var obligation = obligations.AsArray().First(o => !named.Contains(o!["institutionId"]!.GetValue<string>()))!;
        var draft = JsonNode.Parse(Definition("deadline-report", "\"institution:supreme-state-prosecutor\", \"institution:police-directorate:deputy\""));

        var response = await client.PostAsJsonAsync(DesignerApp.Api("/preview"), new { obligationId = obligation["id"]!.GetValue<long>(), definition = draft });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mail = Assert.Single((await DesignerApp.JsonAsync(response))["never"]!["mails"]!.AsArray())!;
        List<string> focal;
        await using (var db = app.Db())
        {
            var institution = obligation["institutionId"]!.GetValue<string>();
            focal = await db.Contacts.Where(c => c.InstitutionId == institution && c.Role == "focalPoint" && !c.Undeliverable).OrderBy(c => c.Id).Select(c => c.Email).ToListAsync();
        }

        Assert.NotEmpty(focal);
        Assert.Equal(string.Join(", ", focal.Append("moi.head@example.org")), mail["to"]!.GetValue<string>());
        // The Police Directorate has no deputy: its focal point is copied instead.
        Assert.Equal("supreme-state-prosecutor.focal@example.org, police-directorate.focal@example.org", mail["cc"]!.GetValue<string>());
    }
}
