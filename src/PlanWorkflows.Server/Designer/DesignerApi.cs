using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Simulation;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Designer;

/// <summary>
/// The designer's JSON API. Drafts and versions live in the engine's own table (Definitions: draft →
/// published → retired), so what the designer publishes is what new instances start on.
/// </summary>
internal static class DesignerApi
{
    /// <summary>Definitions are small; a megabyte is generous and keeps a runaway upload from filling memory.</summary>
    private const int MaxBody = 1 << 20;

    public static void Map(RouteGroupBuilder api)
    {
        // The step types of the engine this host runs: a step type registered in C# reaches the toolbox and the validator through this alone.
        var services = ((IEndpointRouteBuilder)api).ServiceProvider;
        var registry = new Lazy<IReadOnlyDictionary<string, StepTypeInfo>>(() =>
            (services.GetService<WorkflowEngine>()?.Steps.Values ?? BuiltInSteps.All).ToDictionary(s => s.Name, s => s.Info, StringComparer.Ordinal));
        IReadOnlyDictionary<string, StepTypeInfo> StepRegistry() => registry.Value;
        api.MapGet("/metadata", (InstitutionDirectory institutions, MailTemplates templates) => new MetadataDto(
            [.. StepRegistry().Values.Select(StepTypeDto.From)],
            TemplateNames(templates),
            BuiltInStepMetadata.RecipientRoles,
            [.. institutions.All.OrderBy(i => i.NameEn, StringComparer.Ordinal).Select(i => new InstitutionDto(i.Id, i.NameEn, i.NameCnr, i.Kind))],
            new InstitutionRecipientDto(Recipients.InstitutionPrefix, Recipients.InstitutionRoles)));

        api.MapPost("/validate", async (HttpRequest request, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            var (document, problem) = await ReadDefinitionAsync(request, ct).ConfigureAwait(false);
            if (document is null)
            {
                return problem!;
            }

            var errors = Validate(document, StepRegistry(), templates, institutions);
            return Results.Ok(new ValidationDto(errors.Count == 0, errors));
        });

        api.MapPost("/check-expression", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await ReadJsonAsync(request, ct).ConfigureAwait(false);
            var expression = body?["expression"]?.GetValueKind() == JsonValueKind.String ? body["expression"]!.GetValue<string>() : null;
            if (expression is null)
            {
                return Results.BadRequest(new ExpressionCheckDto(false, "expected {\"expression\": \"...\"}", "očekuje se {\"expression\": \"...\"}"));
            }

            var error = DefinitionValidator.CheckExpression(expression);
            return Results.Ok(new ExpressionCheckDto(error is null, error?.En, error?.Cnr));
        });

        api.MapGet("/definitions", async (Func<PlanDbContext> db, DefinitionBindings bindings, PlanCatalogue catalogue, CancellationToken ct) =>
        {
            await using var context = db();
            var rows = await context.Definitions.AsNoTracking().Select(d => new { d.Name, d.Version, d.State, d.Json }).ToListAsync(ct).ConfigureAwait(false);
            return rows.GroupBy(r => r.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var published = g.Where(r => r.State == DefinitionState.Published).MaxBy(r => r.Version);
                var draft = g.FirstOrDefault(r => r.State == DefinitionState.Draft);
                var title = TitleOf((draft ?? published ?? g.MaxBy(r => r.Version))!.Json);
                return new DefinitionSummaryDto(g.Key, title, published?.Version, draft?.Version, Usage(g.Key, bindings, catalogue));
            }).ToList();
        });

        api.MapGet("/definitions/{name}", async (string name, Func<PlanDbContext> db, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            await using var context = db();
            var record = await context.Definitions.AsNoTracking().Where(d => d.Name == name && d.State == DefinitionState.Draft).FirstOrDefaultAsync(ct).ConfigureAwait(false)
                ?? await DefinitionStore.LatestPublishedAsync(context, name, ct).ConfigureAwait(false);
            return record is null ? NotFound(name) : Results.Ok(Open(record, StepRegistry(), templates, institutions));
        });

        api.MapGet("/definitions/{name}/versions", async (string name, Func<PlanDbContext> db, CancellationToken ct) =>
        {
            await using var context = db();
            var counts = await context.Instances.AsNoTracking().Where(i => i.DefinitionName == name).GroupBy(i => i.DefinitionVersion)
                .Select(g => new { Version = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Version, x => x.Count, ct).ConfigureAwait(false);
            var versions = await context.Definitions.AsNoTracking().Where(d => d.Name == name).OrderByDescending(d => d.Version).ToListAsync(ct).ConfigureAwait(false);
            return versions.Count == 0
                ? NotFound(name)
                : Results.Ok(versions.Select(v => new VersionDto(v.Version, v.State.ToString(), v.CreatedAt, v.PublishedAt, counts.GetValueOrDefault(v.Version))).ToList());
        });

        api.MapGet("/definitions/{name}/versions/{version:int}", async (string name, int version, Func<PlanDbContext> db, CancellationToken ct) =>
        {
            await using var context = db();
            var record = await context.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name && d.Version == version, ct).ConfigureAwait(false);
            // The stored JSON as a file: export is byte for byte what runs.
            return record is null
                ? NotFound($"{name} v{version}")
                : Results.Text(record.Json, "application/json; charset=utf-8");
        });

        api.MapGet("/definitions/{name}/export", async (string name, Func<PlanDbContext> db, CancellationToken ct) =>
        {
            await using var context = db();
            var record = await context.Definitions.AsNoTracking().Where(d => d.Name == name && d.State == DefinitionState.Draft).FirstOrDefaultAsync(ct).ConfigureAwait(false)
                ?? await DefinitionStore.LatestPublishedAsync(context, name, ct).ConfigureAwait(false);
            return record is null
                ? NotFound(name)
                : Results.File(System.Text.Encoding.UTF8.GetBytes(record.Json), "application/json", $"{name}.json");
        });

        api.MapGet("/definitions/{name}/diff", async (string name, int from, int to, Func<PlanDbContext> db, CancellationToken ct) =>
        {
            await using var context = db();
            var pair = await context.Definitions.AsNoTracking().Where(d => d.Name == name && (d.Version == from || d.Version == to)).ToListAsync(ct).ConfigureAwait(false);
            var older = pair.FirstOrDefault(d => d.Version == from);
            var newer = pair.FirstOrDefault(d => d.Version == to);
            if (older is null || newer is null)
            {
                return NotFound($"{name} v{(older is null ? from : to)}");
            }

            var changes = DefinitionDiff.Compare(DefinitionJson.Parse(older.Json, $"{name} v{from}"), DefinitionJson.Parse(newer.Json, $"{name} v{to}"));
            return Results.Ok(new DiffDto(name, from, to, changes));
        });

        api.MapGet("/definitions/{name}/usage", (string name, DefinitionBindings bindings, PlanCatalogue catalogue) => Usage(name, bindings, catalogue));

        api.MapPut("/definitions/{name}/draft", async (string name, string? imported, HttpRequest request, Func<PlanDbContext> db, TimeProvider time, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            var (document, problem) = await ReadDefinitionAsync(request, ct).ConfigureAwait(false);
            if (document is null)
            {
                return problem!;
            }

            if (!string.Equals(document.Name, name, StringComparison.Ordinal))
            {
                return Results.BadRequest(new ValidationDto(false, [ErrorDto.Of("name", new($"the definition is named '{document.Name}' but was saved as '{name}'", $"tok rada se zove '{document.Name}', a sačuvan je kao '{name}'"))]));
            }

            await using var context = db();
            var now = time.GetUtcNow().UtcDateTime;
            WorkflowDefinitionRecord? draft = null;
            // A draft taken from a file is audited as an import, naming the file, so the log tells where it came from.
            var action = string.IsNullOrWhiteSpace(imported) ? "definition-draft-saved" : "definition-imported";
            await OfficeAudit.ChangeAsync(context, OfficeAccess.Who(request.HttpContext.User), action, AuditEntity, name, now,
                async () => Snapshot(await CurrentAsync(context, name, ct).ConfigureAwait(false), null),
                // A draft may be unfinished: it is stored with its errors, and only publishing refuses them.
                async () => draft = await DefinitionStore.SaveDraftAsync(context, document, now, ct).ConfigureAwait(false),
                () => Task.FromResult<object?>(Snapshot(draft, imported)), ct).ConfigureAwait(false);
            return Results.Ok(new SavedDto(draft!.Name, draft.Version, draft.State.ToString(), Validate(document, StepRegistry(), templates, institutions)));
        });

        api.MapPost("/definitions/{name}/publish", async (string name, HttpContext http, Func<PlanDbContext> db, TimeProvider time, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            await using var context = db();
            var draft = await context.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name && d.State == DefinitionState.Draft, ct).ConfigureAwait(false);
            if (draft is null)
            {
                return Problem(StatusCodes.Status409Conflict, new($"definition '{name}' has no draft to publish; save a draft first", $"tok rada '{name}' nema nacrt za objavljivanje; prvo sačuvajte nacrt"));
            }

            var errors = Validate(DefinitionJson.Parse(draft.Json, $"{name} draft"), StepRegistry(), templates, institutions);
            if (errors.Count > 0)
            {
                return Results.UnprocessableEntity(new ValidationDto(false, errors));
            }

            var now = time.GetUtcNow().UtcDateTime;
            WorkflowDefinitionRecord? published = null;
            await OfficeAudit.ChangeAsync(context, OfficeAccess.Who(http.User), "definition-published", AuditEntity, name, now,
                async () => new PublishAudit(await PublishedVersionAsync(context, name, ct).ConfigureAwait(false), draft.Version),
                async () => published = await DefinitionStore.PublishAsync(context, name, now, ct).ConfigureAwait(false),
                async () => new PublishAudit(await PublishedVersionAsync(context, name, ct).ConfigureAwait(false), null), ct).ConfigureAwait(false);
            return Results.Ok(new SavedDto(published!.Name, published.Version, published.State.ToString(), []));
        });

        api.MapPost("/import", async (HttpRequest request, MailTemplates templates, InstitutionDirectory institutions, CancellationToken ct) =>
        {
            var text = await ReadTextAsync(request, ct).ConfigureAwait(false);
            if (text is null)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, new($"a definition file may have at most {MaxBody} bytes", $"datoteka toka rada može imati najviše {MaxBody} bajtova"));
            }

            var source = request.Query["file"].ToString() is { Length: > 0 } file ? file : "imported file";
            var result = DefinitionImport.Read(text, source, StepRegistry(), TemplateExists(templates), institutions.Ids);
            var definition = result.Definition is null ? null : JsonNode.Parse(DefinitionJson.Serialize(result.Definition));
            return Results.Ok(new ImportDto(result.Definition is not null && result.Problems.Count == 0, definition,
                [.. result.Problems.Select(p => new ImportProblemDto($"{source}: {p.Where}", p.Line, p.StepId, p.Property, p.Message, $"{source}: {p.WhereCnr}", p.MessageCnr))]));
        });

        api.MapGet("/obligations", async (string? definition, int? take, Func<PlanDbContext> db, DefinitionBindings bindings, CancellationToken ct) =>
        {
            await using var context = db();
            return await Obligations(context, bindings, definition, null, Math.Clamp(take ?? 100, 1, 500), ct).ConfigureAwait(false);
        });

        api.MapPost("/preview", async (HttpRequest request, Func<PlanDbContext> db, DefinitionBindings bindings, WorkingDayCalendar calendar, EngineOptions engine, CancellationToken ct) =>
        {
            var body = await ReadJsonAsync(request, ct).ConfigureAwait(false);
            if (body?["obligationId"]?.GetValueKind() != JsonValueKind.Number || body["definition"] is not JsonObject definitionJson)
            {
                return Results.BadRequest(new ValidationDto(false, [ErrorDto.Of("request", new("expected {\"obligationId\": 123, \"definition\": {...}}", "očekuje se {\"obligationId\": 123, \"definition\": {...}}"))]));
            }

            WorkflowDefinitionDocument document;
            try
            {
                document = DefinitionJson.Parse(definitionJson.ToJsonString(), "definition");
            }
            catch (ImportException ex)
            {
                return Results.BadRequest(new ValidationDto(false, [ErrorDto.FromImport("definition", ex)]));
            }

            await using var context = db();
            var obligationId = body["obligationId"]!.GetValue<long>();
            var preview = await PreviewAsync(context, bindings, calendar, engine, services.GetService<WorkflowEngine>()?.Steps.Values, document, obligationId, ct).ConfigureAwait(false);
            return preview is null ? NotFound($"obligation {obligationId}") : Results.Ok(preview);
        });
    }

    /// <summary>
    /// The preview of a definition for one obligation: the real engine on a scratch database and a virtual clock, once with
    /// an implementer who replies on time and once with one who never replies. Null when there is no such obligation.
    /// </summary>
    internal static async Task<PreviewDto?> PreviewAsync(PlanDbContext context, DefinitionBindings bindings, WorkingDayCalendar calendar, EngineOptions engine,
        IEnumerable<StepType>? steps, WorkflowDefinitionDocument document, long obligationId, CancellationToken ct)
    {
        var found = await Obligations(context, bindings, null, obligationId, 1, ct).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return null;
        }

        var obligation = found[0];
        var row = await context.Obligations.AsNoTracking().FirstAsync(o => o.Id == obligationId, ct).ConfigureAwait(false);
        var institutions = await context.Institutions.AsNoTracking().Include(i => i.Contacts).ToListAsync(ct).ConfigureAwait(false);
        var input = new PreviewObligation(obligation.ActivityKey, obligation.ActivityCode, obligation.ActivityTitle, row.InstitutionId, row.PeriodLabel, row.PeriodStart, row.PeriodEnd, row.DueDate);
        var preview = new DefinitionPreview(calendar, engine, steps);
        var onTime = await preview.RunAsync(document, input, institutions, PreviewReplier.OnTime, ct).ConfigureAwait(false);
        var never = await preview.RunAsync(document, input, institutions, PreviewReplier.Never, ct).ConfigureAwait(false);
        return new PreviewDto(obligation, onTime, never);
    }

    /// <summary>The obligation a preview of the definition runs for when none is chosen: the soonest due that runs on it, else the soonest of all.</summary>
    internal static async Task<long?> FirstObligationAsync(PlanDbContext context, DefinitionBindings bindings, string definition, CancellationToken ct)
    {
        var bound = await Obligations(context, bindings, definition, null, 1, ct).ConfigureAwait(false);
        if (bound.Count > 0)
        {
            return bound[0].Id;
        }

        var any = await Obligations(context, bindings, null, null, 1, ct).ConfigureAwait(false);
        return any.Count > 0 ? any[0].Id : null;
    }

    private const string AuditEntity = "WorkflowDefinition";

    /// <summary>The draft when there is one, else the latest published version: what a saved draft replaces.</summary>
    private static async Task<WorkflowDefinitionRecord?> CurrentAsync(PlanDbContext context, string name, CancellationToken ct) =>
        await context.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name && d.State == DefinitionState.Draft, ct).ConfigureAwait(false)
        ?? await DefinitionStore.LatestPublishedAsync(context, name, ct).ConfigureAwait(false);

    private static Task<int?> PublishedVersionAsync(PlanDbContext context, string name, CancellationToken ct) =>
        context.Definitions.AsNoTracking().Where(d => d.Name == name && d.State == DefinitionState.Published).MaxAsync(d => (int?)d.Version, ct);

    private static DefinitionAudit? Snapshot(WorkflowDefinitionRecord? record, string? importedFrom) =>
        record is null ? null : new DefinitionAudit(record.Version, record.State.ToString(), JsonNode.Parse(record.Json)!, string.IsNullOrWhiteSpace(importedFrom) ? null : importedFrom);

    internal static IReadOnlyList<string> TemplateNames(MailTemplates templates) =>
        [.. KnownTemplates.Names.Union(templates.Names, StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static Func<string, bool> TemplateExists(MailTemplates templates)
    {
        var names = TemplateNames(templates).ToHashSet(StringComparer.Ordinal);
        return names.Contains;
    }

    // The institutions of institutions.yaml: the start-up sync puts every one of them in the database the engine resolves against.
    private static List<ErrorDto> Validate(WorkflowDefinitionDocument document, IReadOnlyDictionary<string, StepTypeInfo> steps, MailTemplates templates, InstitutionDirectory institutions) =>
        [.. DefinitionValidator.Validate(document, steps, TemplateExists(templates), institutions.Ids).Select(ErrorDto.From)];

    private static DefinitionDto Open(WorkflowDefinitionRecord record, IReadOnlyDictionary<string, StepTypeInfo> steps, MailTemplates templates, InstitutionDirectory institutions)
    {
        var document = DefinitionJson.Parse(record.Json, $"{record.Name} v{record.Version}");
        return new DefinitionDto(record.Name, record.Version, record.State.ToString(), JsonNode.Parse(record.Json)!, Validate(document, steps, templates, institutions));
    }

    private static string TitleOf(string json)
    {
        try
        {
            return JsonNode.Parse(json)?["title"]?.GetValue<string>() ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    internal static UsageDto Usage(string name, DefinitionBindings bindings, PlanCatalogue catalogue)
    {
        var kinds = bindings.ByKind.Where(b => b.Value == name).Select(b => b.Key).ToHashSet();
        var activities = catalogue.Activities
            .Where(a => string.IsNullOrWhiteSpace(a.Definition) ? kinds.Contains(a.Timeframe.Kind) : a.Definition.Trim() == name)
            .Select(a => new ActivityUseDto(a.Key, a.Code, a.Title, a.Timeframe.Kind.ToString(), !string.IsNullOrWhiteSpace(a.Definition)))
            .ToList();
        return new UsageDto([.. kinds.Order().Select(k => k.ToString())], bindings.Meetings == name, activities);
    }

    /// <summary>Obligations the definition runs for (all when none is named), soonest due first.</summary>
    private static async Task<List<ObligationDto>> Obligations(PlanDbContext context, DefinitionBindings bindings, string? definition, long? id, int take, CancellationToken ct)
    {
        var query = from o in context.Obligations.AsNoTracking()
                    where !o.Removed && (id == null || o.Id == id)
                    join a in context.Activities.AsNoTracking() on o.ActivityKey equals a.Key into activities
                    from a in activities.DefaultIfEmpty()
                    join i in context.Institutions.AsNoTracking() on o.InstitutionId equals i.Id into institutions
                    from i in institutions.DefaultIfEmpty()
                    orderby o.DueDate, o.Id
                    select new { o, a, i };
        var rows = await query.ToListAsync(ct).ConfigureAwait(false);
        return rows
            .Select(r =>
            {
                var name = r.o.Kind == ObligationKind.Meeting ? bindings.Meetings
                    : r.o.Kind == ObligationKind.GovernmentReport ? GovernmentReport.DefinitionName
                    : r.a is null ? string.Empty
                    : bindings.For(r.a.ScheduleKind, r.a.DefinitionName);
                return new ObligationDto(r.o.Id, r.o.ActivityKey, r.a?.Code ?? r.o.ActivityKey, r.a?.Title ?? r.o.ActivityKey, r.o.InstitutionId, r.i?.NameEn ?? r.o.InstitutionId,
                    r.o.PeriodLabel, r.o.DueDate, name);
            })
            .Where(o => definition is null || o.Definition == definition)
            .Take(take)
            .ToList();
    }

    private static async Task<(WorkflowDefinitionDocument? Document, IResult? Problem)> ReadDefinitionAsync(HttpRequest request, CancellationToken ct)
    {
        var text = await ReadTextAsync(request, ct).ConfigureAwait(false);
        if (text is null)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, new($"a definition may have at most {MaxBody} bytes", $"tok rada može imati najviše {MaxBody} bajtova")));
        }

        try
        {
            return (DefinitionJson.Parse(text, "definition"), null);
        }
        catch (ImportException ex)
        {
            var where = ex.Line > 0 ? $"line {ex.Line}" : "definition";
            return (null, Results.BadRequest(new ValidationDto(false, [ErrorDto.FromImport(where, ex)])));
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        var text = await ReadTextAsync(request, ct).ConfigureAwait(false);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The body as text, or null when it is larger than <see cref="MaxBody"/>.</summary>
    private static async Task<string?> ReadTextAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[MaxBody + 1];
        var total = 0;
        int read;
        while (total <= MaxBody && (read = await reader.ReadAsync(buffer.AsMemory(total, buffer.Length - total), ct).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total > MaxBody ? null : new string(buffer, 0, total);
    }

    private static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, new($"no {what}", $"nije pronađeno: {what}"));

    /// <summary>A problem answer whose title the designer shows in its page's language (<c>titleCnr</c> beside the English <c>title</c>).</summary>
    internal static IResult Problem(int status, BilingualText title) =>
        Results.Problem(statusCode: status, title: title.En, extensions: new Dictionary<string, object?> { ["titleCnr"] = title.Cnr });
}
