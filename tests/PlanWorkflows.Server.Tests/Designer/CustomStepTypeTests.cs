using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Tests;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Designer;

namespace PlanWorkflows.Server.Tests.Designer;

/// <summary>A step type written in C# only: no front-end change, yet it is in the toolbox with editors for its inputs and the validator knows it.</summary>
public sealed class CustomStepTypeTests
{
    private sealed class CallInstitutionStep() : StepType(new StepTypeInfo(
        "CallInstitution",
        StepComponent.Task,
        "Telephone",
        "Reminds the Office to telephone the institution.",
        [
            new StepInput("afterWorkingDays", StepInputKind.WorkingDays, "Working days after the due date.", Required: true) { Minimum = 0 },
            new StepInput("who", StepInputKind.Recipients, "Whom to call.", Required: true),
        ],
        []))
    {
        public override StepResult Execute(StepContext context) => StepResult.Next;
    }

    [Fact]
    public async Task A_step_type_registered_with_the_engine_appears_in_the_toolbox_with_editors_and_is_validated()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var calendar = WorkingDayCalendar.Load(RepoPaths.Combine("workflows", "calendar", "holidays-me.yaml"));
        var database = PlanDatabase.Options(new DatabaseOptions { ConnectionString = "Data Source=:memory:" });
        builder.Services.AddSingleton(new WorkflowEngine(() => new PlanDbContext(database), TimeProvider.System, new EngineOptions(), calendar, [.. BuiltInSteps.All, new CallInstitutionStep()]));
        builder.Services.AddSingleton(InstitutionDirectory.Load(RepoPaths.Combine("workflows", "institutions.yaml")));
        builder.Services.AddSingleton(MailTemplates.Load(RepoPaths.Combine("email-templates")));
        // What the designer's other endpoints take, as the service registers it.
        builder.Services.AddSingleton<Func<PlanDbContext>>(() => new PlanDbContext(database));
        builder.Services.AddSingleton(calendar).AddSingleton(new EngineOptions()).AddSingleton(TimeProvider.System);
        // The page sits in the Office's frame, whose sign-out form carries an anti-forgery token.
        builder.Services.AddAntiforgery();
        builder.Services.AddSingleton(DefinitionBindings.Load(RepoPaths.Combine("workflows", "definitions", "bindings.yaml")));
        builder.Services.AddSingleton(CatalogueYaml.Load(RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml")));
        await using var app = builder.Build();
        DesignerEndpoints.Map(app);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            var metadata = JsonNode.Parse(await client.GetStringAsync(DesignerApp.Api("/metadata")))!;
            var custom = metadata["stepTypes"]!.AsArray().Single(t => t!["type"]!.GetValue<string>() == "CallInstitution")!;
            Assert.Equal("Telephone", custom["category"]!.GetValue<string>());
            Assert.Equal(["workingDays", "recipients"], custom["inputs"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()));
            // Written without Montenegrin, it shows its English on the designer's cnr pages.
            Assert.Equal("CallInstitution", custom["nameCnr"]!.GetValue<string>());
            Assert.Equal("Telephone", custom["categoryCnr"]!.GetValue<string>());
            Assert.Equal("Reminds the Office to telephone the institution.", custom["descriptionCnr"]!.GetValue<string>());
            Assert.Equal(["Working days after the due date.", "Whom to call."], custom["inputs"]!.AsArray().Select(i => i!["descriptionCnr"]!.GetValue<string>()));

            // Reading needs no token; the validator is a POST, so the client loads the page and sends its token.
            using var browser = await DesignerApp.ClientAsync(client.BaseAddress!);
            var definition = """
                { "name": "phone-flow", "title": "Phone", "description": "", "properties": {}, "sequence": [
                  { "id": "call", "componentType": "task", "type": "CallInstitution", "name": "Call", "properties": { "afterWorkingDays": -1 } } ] }
                """;
            var result = JsonNode.Parse(await (await browser.PostAsync(DesignerApp.Api("/validate"), new StringContent(definition))).Content.ReadAsStringAsync())!;
            var errors = result["errors"]!.AsArray().Select(e => $"{e!["stepId"]}.{e["property"]}").Order().ToList();
            Assert.Equal(["call.afterWorkingDays", "call.who"], errors);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
