using System.CommandLine;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Server.Cli;

/// <summary>The root action: run the service on its configuration (embedded defaults when none).</summary>
internal static class ServiceCommand
{
    public static void Attach(RootCommand root)
    {
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(async (result, cancellationToken) =>
        {
            // The program's own folder holds appsettings.json and the embedded defaults, wherever it is started from.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [.. result.UnmatchedTokens],
                ContentRootPath = AppContext.BaseDirectory,
            });
            var workflows = builder.Configuration["Workflows:Folder"] ?? WorkflowsFolder.Locate();
            var cataloguePath = builder.Configuration["Catalogue:Path"] ?? Path.Combine(workflows, WorkflowsFolder.DefaultCatalogue);

            PlanCatalogue catalogue;
            InstitutionDirectory institutions;
            WorkingDayCalendar calendar;
            try
            {
                catalogue = CatalogueYaml.Load(cataloguePath);
                institutions = InstitutionDirectory.Load(Path.Combine(workflows, WorkflowsFolder.InstitutionsFile));
                calendar = WorkingDayCalendar.Load(Path.Combine(workflows, WorkflowsFolder.HolidaysFile));
            }
            catch (ImportException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }

            builder.Services.AddSingleton(catalogue);
            builder.Services.AddSingleton(institutions);
            builder.Services.AddSingleton(calendar);
            var app = builder.Build();
            var activityCount = catalogue.Activities.Count();
            Log.CatalogueLoaded(app.Logger, catalogue.Plan.Title, activityCount, catalogue.Areas.Count, cataloguePath);

            app.MapGet("/", (PlanCatalogue c) => Results.Text(
                $"PlanWorkflows\n{c.Plan.Title}\n" + string.Join('\n', c.Areas.Select(a => $"  {a.Title}: {a.Activities.Count} activities")) + "\n",
                "text/plain; charset=utf-8"));
            app.MapGet("/api/catalogue", (PlanCatalogue c, InstitutionDirectory i, WorkingDayCalendar cal) =>
                Results.Json(CatalogueExport.Build(c, i, cal), CatalogueExport.JsonOptions));
            await app.RunAsync(cancellationToken);
            return 0;
        });
    }
}
