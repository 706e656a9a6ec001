using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Elsa;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Studio;

/// <summary>
/// The part of Elsa 3's REST API that Elsa Studio's workflow editor calls, under <c>/office/elsa/api</c>, answered from the
/// service's own definitions (drafts, versions, audit) and step types. Every signed-in role reads; only the Office writes,
/// and only the Office gets the <c>publish</c> link that makes the editor editable.
/// </summary>
public static partial class ElsaApi
{
    public const string Path = "/office/elsa/api";

    /// <summary>Definitions are small; Studio sends the whole model on every auto-save.</summary>
    private const int MaxBody = 1 << 20;

    private const string AuditEntity = "WorkflowDefinition";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup(Path).RequireAuthorization(OfficePolicies.Viewer).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            // Studio cannot send the designer's anti-forgery header; a change must come as JSON from this origin,
            // which a page of another site can send neither with the cookie (SameSite) nor without a CORS preflight.
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !SameOriginJson(http.Request))
            {
                return DesignerApi.Problem(StatusCodes.Status403Forbidden, new("changes are taken only as JSON from this site", "izmjene se primaju samo kao JSON sa ovog sajta"));
            }

            return await next(context).ConfigureAwait(false);
        });

        var services = routes.ServiceProvider;
        var registry = new Lazy<IReadOnlyDictionary<string, StepTypeInfo>>(() =>
            (services.GetService<WorkflowEngine>()?.Steps.Values ?? BuiltInSteps.All).ToDictionary(s => s.Name, s => s.Info, StringComparer.Ordinal));
        IReadOnlyDictionary<string, StepTypeInfo> Steps() => registry.Value;

        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", async (string definitionId, string? versionOptions, HttpContext http, Func<PlanDbContext> db, CancellationToken ct) =>
        {
            await using var context = db();
            var versions = await context.Definitions.AsNoTracking().Where(d => d.Name == definitionId).ToListAsync(ct).ConfigureAwait(false);
            var record = Pick(versions, versionOptions);
            if (record is null)
            {
                // A new definition: the Office opens /office/studio/definitions/<new-name> and draws on an empty flowchart; its first save makes version 1.
                return versions.Count == 0 && http.User.IsInRole(OfficeRoles.Office) && NewName().IsMatch(definitionId)
                    ? Results.Json(Blank(definitionId, Steps()), JsonOptions)
                    : NotFound(definitionId);
            }

            return Results.Json(Model(record, versions, Steps(), http), JsonOptions);
        });

        api.MapGet("/workflow-definitions", async (string? versionOptions, string? definitionIds, int? page, int? pageSize, Func<PlanDbContext> db, CancellationToken ct) =>
        {
            await using var context = db();
            var ids = (definitionIds ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var query = context.Definitions.AsNoTracking();
            if (ids.Length > 0)
            {
                query = query.Where(d => ids.Contains(d.Name));
            }

            var all = await query.ToListAsync(ct).ConfigureAwait(false);
            var latest = all.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(d => d.Version), StringComparer.Ordinal);
            var chosen = string.Equals(versionOptions, "AllVersions", StringComparison.OrdinalIgnoreCase)
                ? all
                : [.. all.GroupBy(d => d.Name, StringComparer.Ordinal).Select(g => Pick([.. g], versionOptions)).OfType<WorkflowDefinitionRecord>()];
            var size = Math.Clamp(pageSize ?? 100, 1, 500);
            var items = chosen.OrderBy(d => d.Name, StringComparer.Ordinal).ThenByDescending(d => d.Version)
                .Skip(Math.Max(0, page ?? 0) * size).Take(size)
                .Select(d => Summary(d, latest[d.Name] == d.Version)).ToList();
            return Results.Json(new JsonObject { ["items"] = new JsonArray([.. items]), ["totalCount"] = chosen.Count }, JsonOptions);
        });

        api.MapPost("/workflow-definitions", async (HttpContext http, Func<PlanDbContext> db, TimeProvider time, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            var body = await ReadJsonAsync(http.Request, ct).ConfigureAwait(false);
            if (body?["model"] is not JsonObject model)
            {
                return DesignerApi.Problem(StatusCodes.Status400BadRequest, new("expected {\"model\": {...}, \"publish\": false}", "očekuje se {\"model\": {...}, \"publish\": false}"));
            }

            var publish = body["publish"]?.GetValueKind() == JsonValueKind.True;
            var read = ElsaWorkflowReader.Read(Clean(model), Steps());
            var name = read.Document.Name;
            if (string.IsNullOrWhiteSpace(name))
            {
                return Refused([.. read.Problems], OfficeRequest.For(http));
            }

            await using var context = db();
            var now = time.GetUtcNow().UtcDateTime;
            var who = OfficeAccess.Who(http.User);
            WorkflowDefinitionRecord? draft = null;
            // A drawing may be unfinished (Studio saves on every change): it is kept with its problems, and only publishing refuses them.
            await OfficeAudit.ChangeAsync(context, who, "definition-draft-saved", AuditEntity, name, now,
                async () => Snapshot(await CurrentAsync(context, name, ct).ConfigureAwait(false)),
                async () => draft = await DefinitionStore.SaveDraftAsync(context, read.Document, now, ct).ConfigureAwait(false),
                () => Task.FromResult<object?>(Snapshot(draft)), ct).ConfigureAwait(false);
            var record = draft!;
            if (publish)
            {
                var templateNames = DesignerApi.TemplateNames(templates).ToHashSet(StringComparer.Ordinal);
                List<DefinitionError> problems = [.. read.Problems, .. DefinitionValidator.Validate(read.Document, Steps(), templateNames.Contains, institutions.Ids)];
                if (problems.Count > 0)
                {
                    return Refused(problems, OfficeRequest.For(http));
                }

                await OfficeAudit.ChangeAsync(context, who, "definition-published", AuditEntity, name, now,
                    async () => new PublishAudit(await PublishedVersionAsync(context, name, ct).ConfigureAwait(false), record.Version),
                    async () => record = await DefinitionStore.PublishAsync(context, name, now, ct).ConfigureAwait(false),
                    async () => new PublishAudit(await PublishedVersionAsync(context, name, ct).ConfigureAwait(false), null), ct).ConfigureAwait(false);
            }

            var versions = await context.Definitions.AsNoTracking().Where(d => d.Name == name).ToListAsync(ct).ConfigureAwait(false);
            var saved = versions.Single(v => v.Version == record.Version);
            return Results.Json(new JsonObject
            {
                ["workflowDefinition"] = Model(saved, versions, Steps(), http),
                ["alreadyPublished"] = false,
                ["consumingWorkflowCount"] = 0,
            }, JsonOptions);
        }).RequireAuthorization(OfficePolicies.Office);

        // The Run button: instances start from obligations, never by hand. It runs the designer's preview of the latest version
        // (the drawing Studio just saved) for an obligation (the one named, else the soonest due that runs on the definition):
        // the real engine on a scratch database and a virtual clock. Studio reads the header and stays on the page.
        api.MapPost("/workflow-definitions/{definitionId}/execute", async (string definitionId, long? obligationId, HttpContext http, Func<PlanDbContext> db,
            DefinitionBindings bindings, WorkingDayCalendar calendar, EngineOptions engine, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            http.Response.Headers["x-elsa-workflow-cannot-start"] = "true";
            var r = OfficeRequest.For(http);
            await using var context = db();
            var versions = await context.Definitions.AsNoTracking().Where(d => d.Name == definitionId).ToListAsync(ct).ConfigureAwait(false);
            if (Pick(versions, "Latest") is not { } record)
            {
                return NotFound(definitionId);
            }

            var document = DefinitionJson.Parse(record.Json, $"{record.Name} v{record.Version}");
            var templateNames = DesignerApi.TemplateNames(templates).ToHashSet(StringComparer.Ordinal);
            var problems = DefinitionValidator.Validate(document, Steps(), templateNames.Contains, institutions.Ids);
            var answer = new JsonObject
            {
                ["started"] = false,
                ["definitionId"] = record.Name,
                ["version"] = record.Version,
            };
            if (problems.Count > 0)
            {
                var first = problems[0];
                answer["message"] = r.T($"not previewed: {first.StepId} {first.Property}: {first.Message}", $"pregled nije pokrenut: {first.StepId} {first.Property}: {first.MessageCnr}");
                answer["errors"] = new JsonArray([.. problems.Select(p => (JsonNode?)new JsonObject { ["activityId"] = p.StepId, ["property"] = p.Property, ["message"] = p.Message, ["messageCnr"] = p.MessageCnr })]);
                return Results.Json(answer, JsonOptions);
            }

            var chosen = obligationId ?? await DesignerApi.FirstObligationAsync(context, bindings, record.Name, ct).ConfigureAwait(false);
            var preview = chosen is { } id
                ? await DesignerApi.PreviewAsync(context, bindings, calendar, engine, services.GetService<WorkflowEngine>()?.Steps.Values, document, id, ct).ConfigureAwait(false)
                : null;
            if (preview is null)
            {
                return DesignerApi.Problem(StatusCodes.Status404NotFound, chosen is null
                    ? new("there is no obligation to preview the workflow with", "nema obaveze za pregled toka rada")
                    : new($"no obligation {chosen}", $"nema obaveze {chosen}"));
            }

            answer["message"] = r.T(
                $"Instances start from obligations, not from Studio: this was a preview for {preview.Obligation.ActivityCode} ({preview.Obligation.Institution}, {preview.Obligation.Period}) in virtual time; nothing was sent.",
                $"Instance se pokreću iz obaveza, ne iz Studija: ovo je bio pregled za {preview.Obligation.ActivityCode} ({preview.Obligation.Institution}, {preview.Obligation.Period}) u virtuelnom vremenu; ništa nije poslato.");
            answer["preview"] = JsonSerializer.SerializeToNode(preview, JsonOptions);
            return Results.Json(answer, JsonOptions);
        }).RequireAuthorization(OfficePolicies.Office);

        api.MapGet("/descriptors/activities", (HttpContext http, MailTemplates templates) =>
        {
            var r = OfficeRequest.For(http);
            var items = ElsaDescriptors.Activities(Steps(), DesignerApi.TemplateNames(templates), r.T);
            return Results.Json(new JsonObject { ["items"] = items, ["count"] = items.Count }, JsonOptions);
        });

        api.MapGet("/descriptors/expression-descriptors", (HttpContext http) =>
        {
            var items = ElsaDescriptors.Expressions(OfficeRequest.For(http).T);
            return Results.Json(new JsonObject { ["items"] = items, ["count"] = items.Count }, JsonOptions);
        });

        api.MapGet("/descriptors/workflow-activation-strategies", (HttpContext http) => List(ElsaDescriptors.ActivationStrategies(OfficeRequest.For(http).T)));
        api.MapGet("/descriptors/incident-strategies", (HttpContext http) => List(ElsaDescriptors.IncidentStrategies(OfficeRequest.For(http).T)));
        api.MapGet("/descriptors/log-persistence-strategies", (HttpContext http) => List(ElsaDescriptors.LogPersistenceStrategies(OfficeRequest.For(http).T)));
        api.MapGet("/descriptors/commit-strategies/workflows", () => List([]));
        api.MapGet("/features/installed", () => List([]));
        return api;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static IResult List(JsonArray items) => Results.Json(new JsonObject { ["items"] = items, ["count"] = items.Count }, JsonOptions);

    /// <summary>Elsa's version options: Latest (the draft, else the latest published), Published, LatestOrPublished, or a version number.</summary>
    private static WorkflowDefinitionRecord? Pick(IReadOnlyList<WorkflowDefinitionRecord> versions, string? options)
    {
        var published = versions.Where(v => v.State == DefinitionState.Published).MaxBy(v => v.Version);
        var latest = versions.MaxBy(v => v.Version);
        return options?.Trim() switch
        {
            { } text when int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) => versions.FirstOrDefault(v => v.Version == number),
            { } text when text.Equals("Published", StringComparison.OrdinalIgnoreCase) => published,
            { } text when text.Equals("LatestOrPublished", StringComparison.OrdinalIgnoreCase) => latest ?? published,
            _ => latest,
        };
    }

    private static JsonObject Model(WorkflowDefinitionRecord record, IReadOnlyList<WorkflowDefinitionRecord> versions, IReadOnlyDictionary<string, StepTypeInfo> steps, HttpContext http)
    {
        var isLatest = versions.Max(v => v.Version) == record.Version;
        var model = ElsaVersions.ToElsa(record, steps, isLatest);
        // Studio edits only the latest version, and only with a publish link: the Office's alone.
        var links = new JsonArray();
        if (isLatest && http.User.IsInRole(OfficeRoles.Office))
        {
            links.Add(new JsonObject { ["rel"] = "publish", ["href"] = $"{Path}/workflow-definitions/{record.Name}/publish", ["method"] = "POST" });
        }

        model["links"] = links;
        model["isReadonly"] = !http.User.IsInRole(OfficeRoles.Office);
        return model;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial System.Text.RegularExpressions.Regex NewName();

    private static JsonObject Blank(string definitionId, IReadOnlyDictionary<string, StepTypeInfo> steps)
    {
        var model = ElsaWorkflowWriter.ToElsa(new WorkflowDefinitionDocument { Name = definitionId, Title = definitionId }, steps);
        model["id"] = ElsaVersions.VersionId(definitionId, 0);
        model["version"] = 0;
        model["isLatest"] = true;
        model["isPublished"] = false;
        model["isReadonly"] = false;
        model["links"] = new JsonArray(new JsonObject { ["rel"] = "publish", ["href"] = $"{Path}/workflow-definitions/{definitionId}/publish", ["method"] = "POST" });
        return model;
    }

    private static JsonObject Summary(WorkflowDefinitionRecord record, bool isLatest)
    {
        var title = string.Empty;
        var description = string.Empty;
        try
        {
            var document = JsonNode.Parse(record.Json);
            title = document?["title"]?.GetValue<string>() ?? string.Empty;
            description = document?["description"]?.GetValue<string>() ?? string.Empty;
        }
        catch (JsonException)
        {
            // A stored row always parses; an unreadable one is listed without its title.
        }

        return new JsonObject
        {
            ["id"] = ElsaVersions.VersionId(record.Name, record.Version),
            ["definitionId"] = record.Name,
            ["name"] = title,
            ["description"] = description,
            ["version"] = record.Version,
            ["isLatest"] = isLatest,
            ["isPublished"] = record.State == DefinitionState.Published,
            ["isReadonly"] = false,
            ["createdAt"] = new DateTimeOffset(DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc)).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The fields the service sets on every answer are not kept with the drawing: they describe the stored version, not what was drawn.</summary>
    private static JsonObject Clean(JsonObject model)
    {
        var copy = (JsonObject)model.DeepClone();
        foreach (var field in new[] { "id", "version", "isLatest", "isPublished", "links", "createdAt", "isReadonly" })
        {
            copy.Remove(field);
        }

        return copy;
    }

    /// <summary>
    /// A refused save or publish as Studio reads it: 400 with a problem document whose <c>errors</c> map each activity to its
    /// messages (Studio's client takes only a 400 problem document as validation errors and shows them; any other failure
    /// stops the editor); <c>problems</c> lists them with property and both languages.
    /// </summary>
    private static IResult Refused(List<DefinitionError> problems, OfficeRequest r)
    {
        var first = problems.Count > 0 ? problems[0] : new DefinitionError(string.Empty, "definitionId", "the workflow has no definitionId", "tok rada nema definitionId");
        if (problems.Count == 0)
        {
            problems = [first];
        }

        static string Where(DefinitionError p) => string.IsNullOrEmpty(p.StepId) ? p.Property : $"{p.StepId}, {p.Property}";
        var errors = new JsonObject();
        foreach (var group in problems.GroupBy(p => string.IsNullOrEmpty(p.StepId) ? p.Property : p.StepId, StringComparer.Ordinal))
        {
            errors[group.Key] = new JsonArray([.. group.Select(p => (JsonNode?)r.T($"not published: {Where(p)}: {p.Message}", $"nije objavljeno: {Where(p)}: {p.MessageCnr}"))]);
        }

        return Results.Json(new JsonObject
        {
            ["title"] = $"not published: {Where(first)}: {first.Message}" + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : string.Empty),
            ["titleCnr"] = $"nije objavljeno: {Where(first)}: {first.MessageCnr}" + (problems.Count > 1 ? $" (i još {problems.Count - 1})" : string.Empty),
            ["status"] = StatusCodes.Status400BadRequest,
            ["errors"] = errors,
            ["problems"] = new JsonArray([.. problems.Select(p => (JsonNode?)new JsonObject
            {
                ["activityId"] = p.StepId,
                ["property"] = p.Property,
                ["message"] = p.Message,
                ["messageCnr"] = p.MessageCnr,
            })]),
        }, JsonOptions, "application/problem+json", StatusCodes.Status400BadRequest);
    }

    private static async Task<WorkflowDefinitionRecord?> CurrentAsync(PlanDbContext context, string name, CancellationToken ct) =>
        await context.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name && d.State == DefinitionState.Draft, ct).ConfigureAwait(false)
        ?? await DefinitionStore.LatestPublishedAsync(context, name, ct).ConfigureAwait(false);

    private static Task<int?> PublishedVersionAsync(PlanDbContext context, string name, CancellationToken ct) =>
        context.Definitions.AsNoTracking().Where(d => d.Name == name && d.State == DefinitionState.Published).MaxAsync(d => (int?)d.Version, ct);

    private static DefinitionAudit? Snapshot(WorkflowDefinitionRecord? record) =>
        record is null ? null : new DefinitionAudit(record.Version, record.State.ToString(), JsonNode.Parse(record.Json)!, null);

    private static bool SameOriginJson(HttpRequest request)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return string.IsNullOrEmpty(origin) || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[MaxBody + 1];
        var total = 0;
        int read;
        while (total <= MaxBody && (read = await reader.ReadAsync(buffer.AsMemory(total, buffer.Length - total), ct).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        if (total > MaxBody)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(new string(buffer, 0, total));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult NotFound(string what) => DesignerApi.Problem(StatusCodes.Status404NotFound, new($"no workflow definition {what}", $"nema toka rada {what}"));
}
