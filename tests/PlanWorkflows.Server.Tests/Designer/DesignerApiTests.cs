using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Office;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>The designer's API against the running service and its real SQLite database.</summary>
public sealed class DesignerApiTests(DesignerApp app) : IClassFixture<DesignerApp>
{
    private static string Definition(string name, params string[] steps) => $$"""
        { "name": "{{name}}", "title": "Test {{name}}", "description": "", "properties": {}, "sequence": [ {{string.Join(",", steps)}} ] }
        """;

    private static string Wait(string id, int offset) =>
        $$"""{ "id": "{{id}}", "componentType": "task", "type": "WaitUntil", "name": "Wait", "properties": { "dueOffsetWorkingDays": {{offset}} } }""";

    private static string Remind(string id, string template, string recipient = "focalPoint") =>
        $$"""{ "id": "{{id}}", "componentType": "task", "type": "SendReminder", "name": "Remind", "properties": { "template": "{{template}}", "recipients": ["{{recipient}}"] } }""";

    [Fact]
    public async Task Metadata_lists_every_step_type_the_engine_runs_with_an_editor_kind_for_each_input()
    {
        using var client = await app.ClientAsync();
        var metadata = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/metadata")));

        var types = metadata["stepTypes"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(BuiltInSteps.All.Select(s => s.Name).Order(), types.Order());
        var waitUntil = metadata["stepTypes"]!.AsArray().Single(t => t!["type"]!.GetValue<string>() == "WaitUntil")!;
        Assert.Equal("workingDays", waitUntil["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "dueOffsetWorkingDays")!["kind"]!.GetValue<string>());
        Assert.Equal(["at", "dueOffsetWorkingDays"], waitUntil["exactlyOneOf"]![0]!.AsArray().Select(n => n!.GetValue<string>()));
        var escalate = metadata["stepTypes"]!.AsArray().Single(t => t!["type"]!.GetValue<string>() == "Escalate")!;
        Assert.Equal(["integer", "recipients", "template", "boolean", "recipients"], escalate["inputs"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()));
        Assert.Equal("switch", metadata["stepTypes"]!.AsArray().Single(t => t!["type"]!.GetValue<string>() == "WaitForReply")!["componentType"]!.GetValue<string>());
        Assert.Contains("escalation-head", metadata["templates"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("workingGroupChair", metadata["recipientRoles"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(metadata["institutions"]!.AsArray(), i => i!["id"]!.GetValue<string>() == "moi-office");
    }

    [Fact]
    public async Task Metadata_carries_Montenegrin_for_every_built_in_step_type_category_and_input()
    {
        using var client = await app.ClientAsync();
        var metadata = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/metadata")));

        static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();
        var stepTypes = metadata["stepTypes"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(BuiltInSteps.All.Count, stepTypes.Count);
        foreach (var type in stepTypes)
        {
            var where = Text(type, "type");
            // Montenegrin of its own: neither empty nor the English passed through.
            foreach (var (english, montenegrin) in new[] { ("type", "nameCnr"), ("category", "categoryCnr"), ("description", "descriptionCnr") })
            {
                Assert.False(string.IsNullOrWhiteSpace(Text(type, montenegrin)), $"{where}.{montenegrin} is empty");
                Assert.NotEqual(Text(type, english), Text(type, montenegrin));
            }

            foreach (var input in type["inputs"]!.AsArray().Select(i => i!))
            {
                Assert.False(string.IsNullOrWhiteSpace(Text(input, "descriptionCnr")), $"{where}.{Text(input, "name")}.descriptionCnr is empty");
                Assert.NotEqual(Text(input, "description"), Text(input, "descriptionCnr"));
            }
        }

        var reminder = stepTypes.Single(t => Text(t, "type") == "SendReminder");
        Assert.Equal("Pošalji podsjetnik", Text(reminder, "nameCnr"));
        Assert.Equal("Pošta", Text(reminder, "categoryCnr"));
        Assert.Equal("Šablon poruke podsjetnika.", Text(reminder["inputs"]!.AsArray().Single(i => Text(i!, "name") == "template")!, "descriptionCnr"));
        // One category, one Montenegrin name: the toolbox groups the same steps in both languages.
        Assert.All(stepTypes.GroupBy(t => Text(t, "category")), g => Assert.Single(g.Select(t => Text(t, "categoryCnr")).Distinct()));
    }

    [Fact]
    public async Task Validation_names_the_step_and_input_of_each_problem()
    {
        using var client = await app.ClientAsync();
        var json = Definition("validation-case",
            Wait("wait", -3),
            """{ "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate", "properties": { "level": 7, "recipients": ["head"] } }""",
            """{ "id": "decide", "componentType": "switch", "type": "If", "name": "If", "properties": { "condition": "obligation.status ==" }, "branches": { "true": [], "false": [] } }""");

        var result = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/validate"), new StringContent(json)));

        Assert.False(result["valid"]!.GetValue<bool>());
        var errors = result["errors"]!.AsArray().Select(e => (Step: e!["stepId"]!.GetValue<string>(), Property: e["property"]!.GetValue<string>())).ToList();
        Assert.Contains(("escalate", "level"), errors);
        Assert.Contains(("escalate", "template"), errors);
        Assert.Contains(("decide", "condition"), errors);
        Assert.Contains(("decide", "branches.true"), errors);
        Assert.DoesNotContain(errors, e => e.Step == "wait");
    }

    [Fact]
    public async Task Expressions_are_checked_by_the_server_as_they_are_typed()
    {
        using var client = await app.ClientAsync();
        var good = await DesignerApp.JsonAsync(await client.PostAsJsonAsync(DesignerApp.Api("/check-expression"), new { expression = "obligation.status == 'Accepted'" }));
        var bad = await DesignerApp.JsonAsync(await client.PostAsJsonAsync(DesignerApp.Api("/check-expression"), new { expression = "obligation.status == (" }));

        Assert.True(good["valid"]!.GetValue<bool>());
        Assert.False(bad["valid"]!.GetValue<bool>());
        Assert.Contains("does not parse", bad["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refusals_carry_their_title_in_Montenegrin_beside_the_English()
    {
        using var client = await app.ClientAsync();

        var missing = await client.GetAsync(DesignerApp.Api("/definitions/no-such-flow"));
        var noDraft = await client.PostAsJsonAsync(DesignerApp.Api("/definitions/never-drafted-flow/publish"), new { });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var notFound = await DesignerApp.JsonAsync(missing);
        Assert.Equal(("no no-such-flow", "nije pronađeno: no-such-flow"), (notFound["title"]!.GetValue<string>(), notFound["titleCnr"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, noDraft.StatusCode);
        var conflict = await DesignerApp.JsonAsync(noDraft);
        Assert.StartsWith("definition 'never-drafted-flow' has no draft", conflict["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("tok rada 'never-drafted-flow' nema nacrt", conflict["titleCnr"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_import_and_expression_check_answer_in_English_and_Montenegrin()
    {
        using var client = await app.ClientAsync();
        var json = Definition("bilingual-case",
            """{ "id": "escalate", "componentType": "task", "type": "Escalate", "name": "Escalate", "properties": { "level": 7, "recipients": ["head"], "template": "escalation-head" } }""",
            """{ "id": "remind", "componentType": "task", "type": "SendReminder", "name": "Remind", "properties": { "template": "no-such-template" } }""");

        var validated = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/validate"), new StringContent(json)));
        var errors = validated["errors"]!.AsArray().ToDictionary(e => (e!["stepId"]!.GetValue<string>(), e["property"]!.GetValue<string>()), e => (En: e!["message"]!.GetValue<string>(), Cnr: e["messageCnr"]!.GetValue<string>()));
        Assert.Equal(("7 is out of range 1..4", "7 je izvan opsega 1..4"), errors[("escalate", "level")]);
        Assert.Equal(("no mail template 'no-such-template'", "nema šablona poruke 'no-such-template'"), errors[("remind", "template")]);

        var imported = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/import?file=bilingual.json"), new StringContent(json)));
        var problem = imported["problems"]!.AsArray().Single(p => p!["stepId"]!.GetValue<string>() == "remind")!;
        Assert.Equal("bilingual.json: step remind, template", problem["where"]!.GetValue<string>());
        Assert.Equal("bilingual.json: korak remind, template", problem["whereCnr"]!.GetValue<string>());
        Assert.Equal("nema šablona poruke 'no-such-template'", problem["messageCnr"]!.GetValue<string>());

        var broken = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/import?file=broken.json"), new StringContent("{\n  \"name\": ,\n}")));
        var parse = broken["problems"]![0]!;
        Assert.Equal("broken.json: red 2", parse["whereCnr"]!.GetValue<string>());
        Assert.StartsWith("JSON nije ispravan: ", parse["messageCnr"]!.GetValue<string>(), StringComparison.Ordinal);

        var expression = await DesignerApp.JsonAsync(await client.PostAsJsonAsync(DesignerApp.Api("/check-expression"), new { expression = "obligation.status == (" }));
        Assert.StartsWith("the expression does not parse: ", expression["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("izraz nije ispravan: ", expression["errorCnr"]!.GetValue<string>(), StringComparison.Ordinal);
        var empty = await DesignerApp.JsonAsync(await client.PostAsJsonAsync(DesignerApp.Api("/check-expression"), new { expression = " " }));
        Assert.Equal("izraz je prazan", empty["errorCnr"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_change_without_the_anti_forgery_header_is_refused_and_stores_nothing()
    {
        // Signed in as the Office, but never given the page's token: what a forged cross-site request would be.
        using var bare = await OfficeSignIn.SignedInAsync(app.BaseAddress, OfficeRoles.Office);
        var json = Definition("forged-draft", Wait("wait", -3), Remind("remind", "first-reminder"));

        var response = await bare.PutAsync(DesignerApp.Api("/definitions/forged-draft/draft"), new StringContent(json));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Definitions.AnyAsync(d => d.Name == "forged-draft"));
    }

    [Fact]
    public async Task A_draft_with_errors_is_saved_but_not_published_and_the_running_version_stays()
    {
        using var client = await app.ClientAsync();
        await DesignerApp.PutDraftAsync(client, Definition("guarded-flow", Wait("wait", -3), Remind("remind", "first-reminder")));
        Assert.Equal(1, await DesignerApp.PublishAsync(client, "guarded-flow"));

        var saved = await DesignerApp.PutDraftAsync(client, Definition("guarded-flow", Wait("wait", -3), Remind("remind", "no-such-template")));
        Assert.Equal(2, saved["version"]!.GetValue<int>());
        Assert.Contains(saved["errors"]!.AsArray(), e => e!["stepId"]!.GetValue<string>() == "remind" && e["message"]!.GetValue<string>().Contains("no-such-template", StringComparison.Ordinal));

        var refused = await client.PostAsJsonAsync(DesignerApp.Api("/definitions/guarded-flow/publish"), new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await using var db = app.Db();
        Assert.Equal(1, (await DefinitionStore.LatestPublishedAsync(db, "guarded-flow"))!.Version);
        var draft = await db.Definitions.SingleAsync(d => d.Name == "guarded-flow" && d.State == DefinitionState.Draft);
        Assert.Contains("no-such-template", draft.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_instance_starts_on_the_published_version_while_a_running_one_keeps_its_own()
    {
        using var client = await app.ClientAsync();
        const string name = "versioned-meeting";
        await DesignerApp.PutDraftAsync(client, Definition(name, Wait("wait", -2), Remind("v1-mail", "first-reminder", "secretary")));
        Assert.Equal(1, await DesignerApp.PublishAsync(client, name));

        var start = app.Now.AddMinutes(1);
        var clock = new FakeTimeProvider(new DateTimeOffset(start, TimeSpan.Zero));
        var today = DateOnly.FromDateTime(start);
        var first = today.AddDays(20);
        var second = today.AddDays(21);
        var meetings = new MeetingSync(app.CreateContext, name);
        Assert.Equal(1, await meetings.SyncAsync([first], start));
        var engine = new WorkflowEngine(app.CreateContext, clock, app.Services.GetRequiredService<EngineOptions>(), app.Services.GetRequiredService<WorkingDayCalendar>());
        await engine.RunDueAsync();

        await DesignerApp.PutDraftAsync(client, Definition(name, Wait("wait", -2), Remind("v2-mail", "final-reminder", "secretary")));
        Assert.Equal(2, await DesignerApp.PublishAsync(client, name));
        Assert.Equal(1, await meetings.SyncAsync([first, second], start));
        clock.SetUtcNow(new DateTimeOffset(second.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        await engine.RunDueAsync();

        await using var db = app.Db();
        var instances = await db.Instances.AsNoTracking().Where(i => i.DefinitionName == name).OrderBy(i => i.Id).ToListAsync();
        Assert.Equal([1, 2], instances.Select(i => i.DefinitionVersion));
        var templates = await db.Outbox.AsNoTracking().Where(m => m.InstanceId == instances[0].Id || m.InstanceId == instances[1].Id)
            .Select(m => new { m.InstanceId, m.Template }).ToListAsync();
        Assert.Equal(["first-reminder"], templates.Where(m => m.InstanceId == instances[0].Id).Select(m => m.Template));
        Assert.Equal(["final-reminder"], templates.Where(m => m.InstanceId == instances[1].Id).Select(m => m.Template));
        Assert.All(instances, i => Assert.Equal(InstanceStatus.Completed, i.Status));
        var versions = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api($"/definitions/{name}/versions")));
        Assert.Equal(["Published", "Retired"], versions.AsArray().Select(v => v!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task History_shows_a_readable_diff_of_two_versions()
    {
        using var client = await app.ClientAsync();
        const string name = "diffed-flow";
        await DesignerApp.PutDraftAsync(client, Definition(name, Wait("wait", -10), Remind("first", "first-reminder")));
        await DesignerApp.PublishAsync(client, name);
        await DesignerApp.PutDraftAsync(client, Definition(name, Remind("first", "first-reminder"), Wait("wait", -5), Remind("second", "final-reminder")));
        await DesignerApp.PublishAsync(client, name);

        var diff = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api($"/definitions/{name}/diff?from=1&to=2")));

        var changes = diff["changes"]!.AsArray().Select(c => $"{c!["change"]} {c["stepId"]}: {c["text"]}").ToList();
        Assert.Contains("added second: SendReminder 'Remind' added", changes);
        Assert.Contains("changed wait: dueOffsetWorkingDays: -10 → -5", changes);
        Assert.Contains("moved wait: moved from root #1", changes);
        Assert.DoesNotContain(changes, c => c.StartsWith("removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_names_the_line_of_broken_json_and_the_step_of_an_invalid_definition()
    {
        using var client = await app.ClientAsync();
        var broken = "{\n  \"name\": \"x\",\n  \"title\": \"X\",\n  \"sequence\": [ {\"id\": \"a\",, } ]\n}";
        var brokenResult = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/import?file=broken.json"), new StringContent(broken)));
        Assert.False(brokenResult["valid"]!.GetValue<bool>());
        Assert.Null(brokenResult["definition"]);
        Assert.StartsWith("broken.json: line 4", brokenResult["problems"]![0]!["where"]!.GetValue<string>(), StringComparison.Ordinal);

        var invalid = Definition("imported-flow", Wait("wait", -3), """{ "id": "odd", "componentType": "task", "type": "SendRemider", "name": "Typo", "properties": {} }""");
        var invalidResult = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/import?file=flow.json"), new StringContent(invalid)));
        Assert.False(invalidResult["valid"]!.GetValue<bool>());
        Assert.Equal("imported-flow", invalidResult["definition"]!["name"]!.GetValue<string>());
        var problem = invalidResult["problems"]!.AsArray().Single()!;
        Assert.Equal("flow.json: step odd, type", problem["where"]!.GetValue<string>());
        Assert.Contains("did you mean 'SendReminder'", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var exported = await client.GetStringAsync(DesignerApp.Api("/definitions/deadline-report/export"));
        var roundTrip = await DesignerApp.JsonAsync(await client.PostAsync(DesignerApp.Api("/import?file=deadline-report.json"), new StringContent(exported)));
        Assert.True(roundTrip["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Usage_lists_the_schedule_kinds_and_activities_bound_to_a_definition()
    {
        using var client = await app.ClientAsync();
        var usage = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/definitions/continuous-report/usage")));

        Assert.Equal(["Continuous", "Unparsed"], usage["scheduleKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        var catalogue = app.Services.GetRequiredService<PlanWorkflows.Core.Catalogue.PlanCatalogue>();
        var expected = catalogue.Activities.Where(a => string.IsNullOrWhiteSpace(a.Definition) && a.Timeframe.Kind is ScheduleKind.Continuous or ScheduleKind.Unparsed).Select(a => a.Key).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), usage["activities"]!.AsArray().Select(a => a!["key"]!.GetValue<string>()).Order());
        var meetings = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/definitions/working-group-meeting/usage")));
        Assert.True(meetings["meetings"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Preview_of_a_draft_escalates_after_the_due_date_only_when_the_implementer_never_replies()
    {
        using var client = await app.ClientAsync();
        var obligations = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/obligations?definition=deadline-report&take=5")));
        var obligation = obligations.AsArray().First()!;
        Assert.Equal("deadline-report", obligation["definition"]!.GetValue<string>());
        var draft = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("workflows", "definitions", "deadline-report.json")))!;
        int outboxBefore;
        await using (var db = app.Db())
        {
            outboxBefore = await db.Outbox.CountAsync();
        }

        var response = await client.PostAsJsonAsync(DesignerApp.Api("/preview"), new { obligationId = obligation["id"]!.GetValue<long>(), definition = draft });
        var preview = await DesignerApp.JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var never = preview["never"]!["mails"]!.AsArray().Select(m => (Kind: m!["kind"]!.GetValue<string>(), Days: m["workingDaysFromDue"]!.GetValue<int>(), Template: m["template"]!.GetValue<string>())).ToList();
        // Progress requests while the due date is months away, then the ladder.
        var progress = never.TakeWhile(m => m.Kind == "progress").ToList();
        Assert.All(progress, m => Assert.True(m.Template == "progress-request" && m.Days <= -20, $"{m.Template} at {m.Days}"));
        Assert.Equal([("reminder", -10), ("reminder", -2), ("overdue", 1), ("escalation", 5), ("escalation", 10)], never.Skip(progress.Count).Select(m => (m.Kind, m.Days)));
        Assert.Equal("Escalated", preview["never"]!["finalStatus"]!.GetValue<string>());
        Assert.Equal(2, preview["never"]!["escalationLevel"]!.GetValue<int>());

        var onTime = preview["onTime"]!["mails"]!.AsArray().Where(m => !m!["withdrawn"]!.GetValue<bool>()).Select(m => m!["kind"]!.GetValue<string>()).ToList();
        // Answered on time (the first reminder, not the progress requests): every progress request, one reminder, nothing more.
        Assert.NotEmpty(progress);
        Assert.Equal([.. progress.Select(_ => "progress"), "reminder"], onTime);
        Assert.Equal("Accepted", preview["onTime"]!["finalStatus"]!.GetValue<string>());
        Assert.Equal(0, preview["onTime"]!["escalationLevel"]!.GetValue<int>());

        // The preview ran on a scratch database: the service's outbox did not change.
        await using var after = app.Db();
        Assert.Equal(outboxBefore, await after.Outbox.CountAsync());
    }

    [Fact]
    public async Task Preview_follows_the_draft_not_the_published_version()
    {
        using var client = await app.ClientAsync();
        var obligations = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api("/obligations?definition=deadline-report&take=1")));
        var draft = Definition("deadline-report", Wait("early", -20), Remind("only", "first-reminder"));

        var preview = await DesignerApp.JsonAsync(await client.PostAsJsonAsync(DesignerApp.Api("/preview"),
            new { obligationId = obligations[0]!["id"]!.GetValue<long>(), definition = JsonNode.Parse(draft) }));

        var mails = preview["never"]!["mails"]!.AsArray();
        Assert.Equal(-20, Assert.Single(mails)!["workingDaysFromDue"]!.GetValue<int>());
        Assert.Equal("Completed", preview["never"]!["instanceStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_restart_does_not_publish_the_shipped_file_over_a_version_published_in_the_designer()
    {
        using var client = await app.ClientAsync();
        const string name = "seasonal-report";
        var opened = await DesignerApp.JsonAsync(await client.GetAsync(DesignerApp.Api($"/definitions/{name}")));
        var edited = opened["definition"]!.DeepClone();
        edited["description"] = "Changed in the designer.";
        await DesignerApp.PutDraftAsync(client, edited.ToJsonString());
        var version = await DesignerApp.PublishAsync(client, name);

        await using var db = app.Db();
        var shipped = app.Services.GetRequiredService<DefinitionCatalog>().ByName.Values;
        var republished = await DefinitionStore.PublishShippedAsync(db, shipped, app.Now);

        Assert.Empty(republished);
        var latest = await DefinitionStore.LatestPublishedAsync(db, name);
        Assert.Equal(version, latest!.Version);
        Assert.Contains("Changed in the designer.", latest.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_loads_its_script_and_stylesheet_as_files_without_inline_script()
    {
        using var client = await app.ClientAsync();
        var html = await client.GetStringAsync(DesignerEndpoints.PagePath);

        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", html);
        var script = await client.GetAsync(DesignerEndpoints.PagePath + "/assets/designer.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("sqd-", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var css = await client.GetAsync(DesignerEndpoints.PagePath + "/assets/designer.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(DesignerEndpoints.PagePath + "/assets/secrets.json")).StatusCode);
    }
}
