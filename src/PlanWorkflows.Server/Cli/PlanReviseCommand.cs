using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>plan revise REVISED.yaml</c>: what a revision of the plan in force changes — activities added, removed or
/// changed, and the obligations that would be added, moved or cancelled with the running workflow instances they
/// touch — worked out by the sync itself in a transaction that is rolled back. With <c>--apply</c> the same sync
/// commits, with its audit row, in one transaction, and the revision replaces the service's catalogue file.
/// Nothing already reported is lost: a cancelled obligation stays, with its journal and its reports.
/// </summary>
internal static class PlanReviseCommand
{
    public static Command Build(Option<string?> workflows)
    {
        var revised = new Argument<string>("revised") { Description = "The revised catalogue YAML (from plan import of the revised document, or edited)." };
        var catalogue = new Option<string?>("--catalogue") { Description = "The catalogue in force (default: the service's Catalogue:Path)." };
        var apply = new Option<bool>("--apply") { Description = "Apply the revision (default: a dry run that changes nothing)." };
        var command = new Command("revise", "Show what a revised plan changes (a dry run), or apply it in one audited transaction.") { revised, catalogue, apply };
        command.Options.Add(CliConfiguration.DatabaseFile);
        command.SetAction(result => CliIo.Run(result, () => Run(result, result.GetValue(revised)!, result.GetValue(workflows), result.GetValue(catalogue), result.GetValue(apply))));
        return command;
    }

    private static int Run(ParseResult result, string revisedPath, string? workflowsFolder, string? cataloguePath, bool apply)
    {
        var workspace = CliWorkspace.Load(workflowsFolder, cataloguePath);
        var revision = CatalogueYaml.Load(revisedPath);
        var errors = CatalogueValidator.Validate(revision, workspace.Institutions, revisedPath);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                CliIo.Error(result).WriteLine($"error: {error}");
            }

            return 1;
        }

        var writer = CliIo.Out(result);
        var activities = CatalogueDiff.Compare(workspace.Catalogue, revision);
        writer.WriteLine($"Revision of {Path.GetFileName(workspace.CataloguePath)} by {Path.GetFileName(revisedPath)}: {activities.Count} activities differ.");
        foreach (var change in activities)
        {
            var fields = change.Fields.Count > 0 ? $" ({string.Join(", ", change.Fields)})" : string.Empty;
            writer.WriteLine($"  {Word(change.Kind),-8} {Reference(revision, workspace.Catalogue, change.Key),-12} {change.Title}{fields}");
        }

        var database = CliConfiguration.Database(result);
        var now = CliAudit.Now(result);
        var options = new SyncOptions
        {
            DryRun = !apply,
            BeforeCommit = async (db, synced, ct) =>
            {
                db.Audit.Add(new AuditEntry
                {
                    At = now,
                    User = CliAudit.Who,
                    Action = "plan.revise",
                    Entity = "catalogue",
                    EntityId = Path.GetFileName(workspace.CataloguePath),
                    BeforeJson = JsonSerializer.Serialize(new { workspace.Catalogue.Plan.Title, Activities = workspace.Catalogue.Activities.Count() }, OfficeAudit.Json),
                    AfterJson = JsonSerializer.Serialize(new
                    {
                        Revision = Path.GetFileName(revisedPath),
                        Activities = activities.Select(a => new { a.Key, a.Kind, a.Fields }),
                        Obligations = new { synced.Added, synced.Moved, Cancelled = synced.Removed, synced.NotStarted },
                    }, OfficeAudit.Json),
                });
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
            },
        };

        var sync = new ObligationSync(() => PlanDatabase.Create(database), workspace.Calendar, workspace.Bindings.For);
        var outcome = sync.SyncAsync(revision, workspace.Institutions, now, options).GetAwaiter().GetResult();
        writer.WriteLine(apply ? "Obligations changed:" : "Obligations that applying would change (dry run: nothing was changed):");
        foreach (var change in outcome.Changes)
        {
            writer.WriteLine($"  {Describe(change, revision, workspace.Catalogue)}");
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Added} added ({outcome.NotStarted} of them not started), {outcome.Moved} moved, {outcome.Removed} cancelled; reports already received are kept."));
        if (apply)
        {
            if (!string.Equals(Path.GetFullPath(revisedPath), Path.GetFullPath(workspace.CataloguePath), StringComparison.Ordinal))
            {
                File.Copy(revisedPath, workspace.CataloguePath, overwrite: true);
            }

            writer.WriteLine($"Applied; {Path.GetFileName(workspace.CataloguePath)} is now the revision. Restart the service to load it.");
        }

        return 0;
    }

    private static string Word(ActivityChangeKind kind) => kind switch
    {
        ActivityChangeKind.Added => "added",
        ActivityChangeKind.Removed => "removed",
        _ => "changed",
    };

    private static string Reference(PlanCatalogue revision, PlanCatalogue current, string key)
    {
        foreach (var catalogue in new[] { revision, current })
        {
            if (catalogue.FindActivity(key) is { } activity && catalogue.Areas.FirstOrDefault(a => a.Activities.Contains(activity)) is { } area)
            {
                return ActivityCodes.Format(area, activity);
            }
        }

        return key;
    }

    private static string Describe(ObligationChange change, PlanCatalogue revision, PlanCatalogue current)
    {
        var what = $"{Reference(revision, current, change.ActivityKey)} {change.InstitutionId} {change.PeriodLabel}";
        var instances = change.Instances.Count == 1 ? "1 running instance" : $"{change.Instances.Count} running instances";
        return change.Kind switch
        {
            ObligationChangeKind.Added => $"add     {what}, due {change.DueAfter:yyyy-MM-dd}",
            ObligationChangeKind.AddedNotStarted => $"add     {what}, due {change.DueAfter:yyyy-MM-dd} (long past: no workflow started)",
            ObligationChangeKind.Restored => $"restore {what}, due {change.DueAfter:yyyy-MM-dd}",
            ObligationChangeKind.Moved => $"move    {what}, due {change.DueBefore:yyyy-MM-dd} → {change.DueAfter:yyyy-MM-dd}"
                + (change.Instances.Count > 0 ? $"; {instances} keep their definition version and take the new date" : string.Empty),
            ObligationChangeKind.Cancelled => $"cancel  {what}, was due {change.DueBefore:yyyy-MM-dd}"
                + (change.Instances.Count > 0 ? $"; {instances} cancelled" : string.Empty)
                + (change.Reported ? "; its reports are kept" : string.Empty),
            _ => $"keep    {what}: already reported, kept",
        };
    }
}
