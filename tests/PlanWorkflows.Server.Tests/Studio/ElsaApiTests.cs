using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Studio;
using PlanWorkflows.Server.Tests.Designer;
using PlanWorkflows.Server.Tests.Office;

namespace PlanWorkflows.Server.Tests.Studio;

/// <summary>The calls Elsa Studio's editor makes, answered by the service as the real host maps them.</summary>
public sealed class ElsaApiTests(DesignerApp app) : IClassFixture<DesignerApp>
{
    private static string Api(string path) => ElsaApi.Path + path;

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static JsonObject Sample(string definitionId)
    {
        var model = (JsonObject)JsonNode.Parse(File.ReadAllText(CliRunner.Repo("tests", "PlanWorkflows.Core.Tests", "Workflows", "Elsa", "studio-save-request.json")))!["model"]!.DeepClone();
        model["definitionId"] = definitionId;
        return model;
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(Api(path));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task Office_opens_a_shipped_definition_as_an_editable_flowchart_and_other_roles_read_it_without_publish()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        using var secretary = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Secretary);
        using var viewer = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Viewer);
        using var anonymous = OfficeSignIn.Client(app.BaseAddress);

        var model = await GetAsync(office, "/workflow-definitions/by-definition-id/deadline-report?versionOptions=Latest");
        var asSecretary = await GetAsync(secretary, "/workflow-definitions/by-definition-id/deadline-report?versionOptions=Latest");
        var asViewer = await GetAsync(viewer, "/workflow-definitions/by-definition-id/deadline-report?versionOptions=Latest");
        var signedOut = await anonymous.GetAsync(Api("/workflow-definitions/by-definition-id/deadline-report?versionOptions=Latest"));

        Assert.Equal("deadline-report", model["definitionId"]!.GetValue<string>());
        Assert.True(model["isLatest"]!.GetValue<bool>());
        Assert.True(model["isPublished"]!.GetValue<bool>());
        Assert.Equal("Elsa.Flowchart", model["root"]!["type"]!.GetValue<string>());
        Assert.Contains(model["root"]!["activities"]!.AsArray(), a => a!["id"]!.GetValue<string>() == "first-reminder" && a["type"]!.GetValue<string>() == "PlanWorkflows.SendReminder");
        Assert.Equal(["publish"], model["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()));
        Assert.Empty(asSecretary["links"]!.AsArray());
        Assert.Empty(asViewer["links"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(model["root"], asViewer["root"]));
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Fact]
    public async Task Activity_descriptors_come_from_the_step_metadata_with_dropdowns_check_lists_and_outcome_ports()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);

        var activities = await GetAsync(office, "/descriptors/activities?Refresh=True");
        var expressions = await GetAsync(office, "/descriptors/expression-descriptors");
        var features = await GetAsync(office, "/features/installed");
        var activation = await GetAsync(office, "/descriptors/workflow-activation-strategies");

        var byType = activities["items"]!.AsArray().ToDictionary(a => a!["typeName"]!.GetValue<string>(), a => a!);
        Assert.Equal(byType.Count, activities["count"]!.GetValue<int>());
        var reminder = byType["PlanWorkflows.SendReminder"];
        var template = reminder["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "template")!;
        Assert.Equal("dropdown", template["uiHint"]!.GetValue<string>());
        Assert.Contains("first-reminder", template["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
        var recipients = reminder["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "recipients")!;
        Assert.Equal("checklist", recipients["uiHint"]!.GetValue<string>());
        Assert.Contains("focalPoint", recipients["uiSpecifications"]!["checklist"]!["checkList"]!["items"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
        Assert.Equal(["Done"], reminder["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(["replied", "timedOut"], byType["PlanWorkflows.WaitForReply"]["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(["Iterate", "Done"], byType["PlanWorkflows.Repeat"]["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        var status = byType["PlanWorkflows.SetStatus"]["inputs"]!.AsArray().Single()!;
        Assert.Contains("Accepted", status["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
        Assert.Equal("checkbox", byType["PlanWorkflows.Escalate"]["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "copyOffice")!["uiHint"]!.GetValue<string>());
        Assert.Equal("Scriban", byType["PlanWorkflows.If"]["inputs"]!.AsArray().Single()!["defaultSyntax"]!.GetValue<string>());
        Assert.True(byType["Elsa.Start"]["isStart"]!.GetValue<bool>());
        Assert.True(byType.ContainsKey("Elsa.Flowchart"));
        Assert.Equal(["Literal", "Scriban"], expressions["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(0, features["count"]!.GetValue<int>());
        Assert.Single(activation["items"]!.AsArray());
    }

    [Fact]
    public async Task Studio_save_keeps_a_draft_with_the_drawing_as_sent_and_an_audit_row_and_other_roles_may_not_save()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        using var secretary = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Secretary);
        var model = Sample("studio-drawn");

        var saved = await office.PostAsync(Api("/workflow-definitions"), Json(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = false }));
        var refused = await secretary.PostAsync(Api("/workflow-definitions"), Json(new JsonObject { ["model"] = Sample("studio-by-secretary"), ["publish"] = false }));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var reopened = await GetAsync(office, "/workflow-definitions/by-definition-id/studio-drawn?versionOptions=Latest");
        Assert.False(reopened["isPublished"]!.GetValue<bool>());
        Assert.Equal("studio-drawn-v1", reopened["id"]!.GetValue<string>());
        // Everything Studio drew comes back: positions, the unconnected activity, inputs the engine ignores.
        Assert.True(JsonNode.DeepEquals(model["root"], reopened["root"]), reopened["root"]!.ToJsonString());
        Assert.Equal(model["toolVersion"]!.GetValue<string>(), reopened["toolVersion"]!.GetValue<string>());
        await using var db = app.Db();
        Assert.Equal(DefinitionState.Draft, (await db.Definitions.SingleAsync(d => d.Name == "studio-drawn")).State);
        Assert.Equal(OfficeSignIn.OfficeEmail, (await db.Audit.SingleAsync(a => a.Action == "definition-draft-saved" && a.EntityId == "studio-drawn")).User);
        Assert.False(await db.Definitions.AnyAsync(d => d.Name == "studio-by-secretary"));
    }

    [Fact]
    public async Task Publishing_a_drawing_the_engine_cannot_run_is_refused_naming_the_activity_and_the_draft_stays()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        var model = Sample("studio-loop");
        // TimedOut goes back to the first reminder: a loop that is not a Repeat.
        model["root"]!["connections"]!.AsArray().Single(c => c!["source"]!["port"]!.GetValue<string>() == "TimedOut")!["target"]!["activity"] = "SendReminder1";

        var response = await office.PostAsync(Api("/workflow-definitions"), Json(new JsonObject { ["model"] = model, ["publish"] = true }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(problem["problems"]!.AsArray(), e => e!["activityId"]!.GetValue<string>() == "WaitForReply1" && e["message"]!.GetValue<string>().Contains("loop", StringComparison.Ordinal));
        Assert.Contains("WaitForReply1", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        // Studio reads errors as a map of messages and shows them.
        Assert.Contains(problem["errors"]!["WaitForReply1"]!.AsArray(), m => m!.GetValue<string>().StartsWith("not published: WaitForReply1, ", StringComparison.Ordinal) && m.GetValue<string>().Contains("loop", StringComparison.Ordinal));
        await using var db = app.Db();
        Assert.Equal([DefinitionState.Draft], await db.Definitions.Where(d => d.Name == "studio-loop").Select(d => d.State).ToListAsync());
    }

    [Fact]
    public async Task Publishing_an_edited_shipped_definition_makes_a_new_version_listed_with_the_old_one()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        var model = (JsonObject)await GetAsync(office, "/workflow-definitions/by-definition-id/continuous-report?versionOptions=Latest");
        var first = model["root"]!["activities"]!.AsArray()[0]!;
        first["metadata"]!["displayText"] = "Renamed in Studio";
        first["metadata"]!["designer"]!["position"]!["x"] = 999;

        var response = await office.PostAsync(Api("/workflow-definitions"), Json(new JsonObject { ["model"] = model, ["publish"] = true }));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var saved = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["workflowDefinition"]!;
        Assert.True(saved["isPublished"]!.GetValue<bool>());
        Assert.Equal(2, saved["version"]!.GetValue<int>());
        var versions = await GetAsync(office, "/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds=continuous-report&OrderBy=Version&OrderDirection=Descending");
        Assert.Equal([2, 1], versions["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(2, versions["totalCount"]!.GetValue<int>());
        await using var db = app.Db();
        var published = await db.Definitions.SingleAsync(d => d.Name == "continuous-report" && d.State == DefinitionState.Published);
        Assert.Equal(2, published.Version);
        var document = Core.Workflows.Definitions.DefinitionJson.Parse(published.Json, "v2");
        Assert.Equal("Renamed in Studio", document.Sequence[0].Name);
        Assert.True(await db.Audit.AnyAsync(a => a.Action == "definition-published" && a.EntityId == "continuous-report"));
        var reopened = await GetAsync(office, "/workflow-definitions/by-definition-id/continuous-report?versionOptions=Latest");
        Assert.Equal(999, reopened["root"]!["activities"]!.AsArray()[0]!["metadata"]!["designer"]!["position"]!["x"]!.GetValue<double>());
    }

    [Fact]
    public async Task Run_previews_the_latest_drawing_in_virtual_time_on_a_scratch_database_and_tells_Studio_no_instance_started()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        using var secretary = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Secretary);
        // A draft of recurring-report cut down to its first wait and reminder: one mail ten working days before the due date, nothing after it.
        var model = (JsonObject)await GetAsync(office, "/workflow-definitions/by-definition-id/recurring-report?versionOptions=Latest");
        var root = model["root"]!.AsObject();
        var kept = root["activities"]!.AsArray()
            .Where(a => a!["id"]!.GetValue<string>() is "wait-first-reminder" or "first-reminder")
            .Select(a => a!.DeepClone()).ToList();
        Assert.Equal(2, kept.Count);
        var ids = kept.Select(a => a!["id"]!.GetValue<string>()).ToHashSet();
        root["activities"] = new JsonArray([.. kept]);
        root["connections"] = new JsonArray([.. root["connections"]!.AsArray()
            .Where(c => ids.Contains(c!["source"]!["activity"]!.GetValue<string>()) && ids.Contains(c["target"]!["activity"]!.GetValue<string>())).Select(c => c!.DeepClone())]);
        Assert.Single(root["connections"]!.AsArray());
        var saved = await office.PostAsync(Api("/workflow-definitions"), Json(new JsonObject { ["model"] = model, ["publish"] = false }));
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        int outboxBefore, instancesBefore;
        await using (var db = app.Db())
        {
            outboxBefore = await db.Outbox.CountAsync();
            instancesBefore = await db.Instances.CountAsync();
        }

        var run = await office.PostAsync(Api("/workflow-definitions/recurring-report/execute"), Json(new JsonObject()));
        var bySecretary = await secretary.PostAsync(Api("/workflow-definitions/recurring-report/execute"), Json(new JsonObject()));
        using var foreign = new HttpRequestMessage(HttpMethod.Post, Api("/workflow-definitions")) { Content = Json(new JsonObject { ["model"] = Sample("studio-foreign"), ["publish"] = false }) };
        foreign.Headers.Add("Origin", "https://elsewhere.example");
        var crossSite = await office.SendAsync(foreign);

        Assert.True(run.StatusCode == HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        Assert.Equal(["true"], run.Headers.GetValues("x-elsa-workflow-cannot-start"));
        Assert.False(run.Headers.Contains("x-elsa-workflow-instance-id"));
        var answer = JsonNode.Parse(await run.Content.ReadAsStringAsync())!;
        Assert.False(answer["started"]!.GetValue<bool>());
        Assert.Equal(2, answer["version"]!.GetValue<int>());
        Assert.Equal("recurring-report", answer["preview"]!["obligation"]!["definition"]!.GetValue<string>());
        Assert.Contains("nothing was sent", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // The drawing, not the published ladder: the one reminder, ten working days before the due date, and no escalation.
        var never = answer["preview"]!["never"]!["mails"]!.AsArray().Select(m => (Kind: m!["kind"]!.GetValue<string>(), Days: m["workingDaysFromDue"]!.GetValue<int>())).ToList();
        Assert.Equal([("reminder", -10)], never);
        Assert.Equal(0, answer["preview"]!["never"]!["escalationLevel"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, bySecretary.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        await using var after = app.Db();
        Assert.Equal(outboxBefore, await after.Outbox.CountAsync());
        Assert.Equal(instancesBefore, await after.Instances.CountAsync());
        Assert.False(await after.Definitions.AnyAsync(d => d.Name == "studio-foreign"));
    }

    [Fact]
    public async Task Secretary_and_Viewer_may_neither_save_nor_publish_from_Studio()
    {
        using var office = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        var model = (JsonObject)await GetAsync(office, "/workflow-definitions/by-definition-id/seasonal-report?versionOptions=Latest");
        model["root"]!["activities"]!.AsArray()[0]!["metadata"]!["displayText"] = "Renamed by someone who may not";

        var answers = new List<(string Role, bool Publish, HttpStatusCode Status)>();
        foreach (var role in new[] { OfficeRoles.Secretary, OfficeRoles.Viewer })
        {
            using var client = await OfficeSignIn.SignedInAsync(app.BaseAddress, role);
            foreach (var publish in new[] { false, true })
            {
                var response = await client.PostAsync(Api("/workflow-definitions"), Json(new JsonObject { ["model"] = model.DeepClone(), ["publish"] = publish }));
                answers.Add((role, publish, response.StatusCode));
            }
        }

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Forbidden, $"{a.Role} publish={a.Publish}: {(int)a.Status}"));
        Assert.Equal(4, answers.Count);
        await using var db = app.Db();
        Assert.Equal([(1, DefinitionState.Published)], (await db.Definitions.Where(d => d.Name == "seasonal-report").Select(d => new { d.Version, d.State }).ToListAsync()).Select(d => (d.Version, d.State)));
    }
}
