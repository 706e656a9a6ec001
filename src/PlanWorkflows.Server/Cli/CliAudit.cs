using System.CommandLine;
using System.Globalization;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// Verbs that change state leave the same audit row as the Office web app, written by the same writer in the same
/// transaction as the change; the user is the operating-system account that ran the verb.
/// </summary>
internal static class CliAudit
{
    public static string Who => $"cli:{Environment.UserName}";

    /// <summary>Now on the service's clock, so the change and its audit row carry the time the service would give them.</summary>
    public static DateTime Now(ParseResult result) => CliConfiguration.Clock(result).GetUtcNow().UtcDateTime;

    /// <summary>Runs <paramref name="change"/> between two snapshots of the thing it changes; false when it changed nothing (no row then).</summary>
    public static bool Change(PlanDbContext db, string action, string entity, long id, DateTime now, Func<Task<object?>> snapshot, Func<Task<bool>> change) =>
        OfficeAudit.ChangeAsync(db, Who, action, entity, id.ToString(CultureInfo.InvariantCulture), now, snapshot, change, snapshot).GetAwaiter().GetResult();
}
