using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;

namespace PlanWorkflows.Core.Obligations;

/// <summary>Where a workspace comes from: each null takes the default the service takes.</summary>
/// <param name="WorkflowsFolder">Institutions, calendar, definitions and bindings; null: the one beside the catalogue, else the shipped one.</param>
/// <param name="CataloguePath">The plan; null: the shipped plan of the workflows folder.</param>
/// <param name="Meetings">The <c>Meetings</c> configuration; null: only the workflows folder's meetings file.</param>
/// <param name="Reports">The <c>GovernmentReport</c> configuration; null: the default half-years.</param>
public sealed record PlanWorkspaceSource(string? WorkflowsFolder = null, string? CataloguePath = null, MeetingOptions? Meetings = null, GovernmentReportOptions? Reports = null);

/// <summary>What the start-up sequence does beyond loading.</summary>
/// <param name="Migrate">Apply the database migrations first.</param>
/// <param name="CatchUp">Also start obligations long overdue at the first start (<see cref="SyncOptions.CatchUp"/>).</param>
/// <param name="CatchUpMeetings">Also start meetings and report periods already past.</param>
/// <param name="Until">Leave out meetings and report periods after this day (a simulation's last day).</param>
public sealed record StartupOptions(bool Migrate, bool CatchUp, bool CatchUpMeetings, int CatchUpMarginDays = 30, DateOnly? Until = null);

/// <summary>What the start-up sequence changed.</summary>
public sealed record StartupResult(IReadOnlyList<string> Published, SyncResult Obligations, int Meetings, int Reports);

/// <summary>
/// One plan's workspace: catalogue, institutions, working-day calendar, workflow definitions and their bindings,
/// meetings and report periods to the Government. The service, <c>simulate</c> and the CLI verbs load it here and
/// nowhere else, so they read the same files the same way and refuse the same mistakes.
/// </summary>
public sealed record PlanWorkspace(
    string Folder,
    string CataloguePath,
    PlanCatalogue Catalogue,
    InstitutionDirectory Institutions,
    WorkingDayCalendar Calendar,
    DefinitionCatalog Definitions,
    DefinitionBindings Bindings,
    MeetingPlan Meetings,
    GovernmentReportOptions Reports)
{
    public PlanWindow Window => PlanWindow.Of(Catalogue);

    /// <summary>Reads and checks every file; a definition that is not valid or a binding to a missing one is an <see cref="ImportException"/> naming the file.</summary>
    public static PlanWorkspace Load(PlanWorkspaceSource source)
    {
        var folder = FolderOf(source);
        var cataloguePath = source.CataloguePath ?? Path.Combine(folder, WorkflowsFolder.DefaultCatalogue);
        var catalogue = CatalogueYaml.Load(cataloguePath);
        var institutions = LoadInstitutions(folder);
        var calendar = WorkingDayCalendar.Load(Path.Combine(folder, WorkflowsFolder.HolidaysFile));
        var definitions = DefinitionCatalog.LoadFolder(Path.Combine(folder, WorkflowsFolder.DefinitionsFolder));
        var bindings = DefinitionBindings.Load(Path.Combine(folder, WorkflowsFolder.BindingsFile));
        RefuseInvalidDefinitions(folder, definitions, bindings, institutions);
        var meetings = source.Meetings ?? new MeetingOptions();
        var reports = source.Reports ?? new GovernmentReportOptions();
        var plan = MeetingPlan.Build(meetings, meetings.File ?? Path.Combine(folder, MeetingPlan.FileName), PlanWindow.Of(catalogue), reports);
        return new PlanWorkspace(folder, cataloguePath, catalogue, institutions, calendar, definitions, bindings, plan, reports);
    }

    /// <summary>The workflows folder of a source: the one it names, else the one beside its catalogue, else the shipped one.</summary>
    public static string FolderOf(PlanWorkspaceSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.WorkflowsFolder ?? WorkflowsFolder.Locate(source.CataloguePath);
    }

    /// <summary>
    /// Only the institutions of a workspace's folder, read as <see cref="Load"/> reads them: for <c>plan import</c>,
    /// which writes the catalogue that the rest of the workspace is built on.
    /// </summary>
    public static InstitutionDirectory LoadInstitutions(string folder) =>
        InstitutionDirectory.Load(Path.Combine(folder, WorkflowsFolder.InstitutionsFile));

    /// <summary>
    /// The start-up sequence: migrate (when asked), publish the shipped definitions that changed, reconcile institutions,
    /// activities and obligations with the catalogue, then add the meetings and the report periods to the Government.
    /// Idempotent; the service runs it at every start, <c>simulate</c> once on its scratch database.
    /// </summary>
    public async Task<StartupResult> StartAsync(Func<PlanDbContext> createContext, EngineOptions engine, DateTime now, StartupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createContext);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> published;
        await using (var db = createContext())
        {
            if (options.Migrate)
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            published = await DefinitionStore.PublishShippedAsync(db, Definitions.ByName.Values.OrderBy(d => d.Name, StringComparer.Ordinal), now, cancellationToken).ConfigureAwait(false);
        }

        var synced = await new ObligationSync(createContext, Calendar, Bindings.For).SyncAsync(Catalogue, Institutions, now,
            new SyncOptions { CatchUp = options.CatchUp, CatchUpMarginDays = options.CatchUpMarginDays }, cancellationToken).ConfigureAwait(false);
        var meetings = await new MeetingSync(createContext, Bindings.Meetings, engine.WorkingGroupInstitutionId)
            .SyncAsync(Meetings.Dates.Where(d => options.Until is not { } until || d <= until), now, options.CatchUpMeetings, cancellationToken).ConfigureAwait(false);
        var reports = 0;
        if (Reports.Enabled && Meetings.Reports.Count > 0)
        {
            reports = await new MeetingSync(createContext, Reports.Definition, engine.OfficeInstitutionId, ObligationKind.GovernmentReport)
                .SyncAsync(Meetings.Reports.Where(r => options.Until is not { } until || r.End <= until), now, options.CatchUpMeetings, cancellationToken).ConfigureAwait(false);
        }

        return new StartupResult(published, synced, meetings, reports);
    }

    private static void RefuseInvalidDefinitions(string folder, DefinitionCatalog definitions, DefinitionBindings bindings, InstitutionDirectory institutions)
    {
        foreach (var (name, document) in definitions.ByName)
        {
            var errors = DefinitionValidator.Validate(document, BuiltInStepMetadata.ByType, KnownTemplates.Contains, institutions.Ids);
            if (errors.Count > 0)
            {
                throw new ImportException(definitions.SourceOf(name), 0, $"definition '{name}' is not valid: {string.Join("; ", errors)}");
            }
        }

        if (bindings.Unresolved(definitions.ByName.Keys) is { Count: > 0 } missing)
        {
            throw new ImportException(Path.Combine(folder, WorkflowsFolder.BindingsFile), 0, $"bindings name definitions that do not exist: {string.Join(", ", missing)}");
        }
    }
}
