using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;

namespace PlanWorkflows.Core.Workflows.Runtime;

/// <summary>
/// Versioned definitions in the database: a draft is edited in place, publishing freezes it as a
/// new version, and an instance keeps the version it started with.
/// </summary>
public static class DefinitionStore
{
    public static async Task<WorkflowDefinitionRecord> SaveDraftAsync(PlanDbContext db, WorkflowDefinitionDocument document, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(document);
        var json = DefinitionJson.Serialize(document);
        var draft = await db.Definitions.FirstOrDefaultAsync(d => d.Name == document.Name && d.State == DefinitionState.Draft, cancellationToken).ConfigureAwait(false);
        if (draft is null)
        {
            var version = 1 + (await db.Definitions.Where(d => d.Name == document.Name).MaxAsync(d => (int?)d.Version, cancellationToken).ConfigureAwait(false) ?? 0);
            draft = new WorkflowDefinitionRecord { Name = document.Name, Version = version, State = DefinitionState.Draft, CreatedAt = now };
            db.Definitions.Add(draft);
        }

        draft.Json = json;
        return draft;
    }

    public static async Task<WorkflowDefinitionRecord> PublishAsync(PlanDbContext db, string name, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var draft = await db.Definitions.FirstOrDefaultAsync(d => d.Name == name && d.State == DefinitionState.Draft, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"definition '{name}' has no draft to publish");
        var current = await db.Definitions.Where(d => d.Name == name && d.State == DefinitionState.Published).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var published in current)
        {
            // Retired versions still run the instances that started on them.
            published.State = DefinitionState.Retired;
        }

        draft.State = DefinitionState.Published;
        draft.PublishedAt = now;
        return draft;
    }

    public static Task<WorkflowDefinitionRecord?> LatestPublishedAsync(PlanDbContext db, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Definitions.AsNoTracking().Where(d => d.Name == name && d.State == DefinitionState.Published)
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes the shipped definitions that the database has never held; an unchanged file changes
    /// nothing, so this is safe on every start. A file equal to any stored version is not published
    /// again: a version the Office published in the designer after it stays the one that runs.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PublishShippedAsync(PlanDbContext db, IEnumerable<WorkflowDefinitionDocument> documents, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(documents);
        var published = new List<string>();
        foreach (var document in documents)
        {
            var json = DefinitionJson.Serialize(document);
            var known = await db.Definitions.AnyAsync(d => d.Name == document.Name && d.State != DefinitionState.Draft && d.Json == json, cancellationToken).ConfigureAwait(false);
            if (known)
            {
                continue;
            }

            await SaveDraftAsync(db, document, now, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var record = await PublishAsync(db, document.Name, now, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            published.Add($"{record.Name} v{record.Version}");
        }

        return published;
    }
}
