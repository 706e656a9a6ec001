using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// The plan workspace a verb works on: the service's (<see cref="ServiceWorkspace"/>, from the same configuration),
/// with the verb's <c>--workflows</c> and catalogue over it. Every verb that reads the catalogue, institutions, calendar,
/// definitions, bindings or meetings reads them here, so it sees what the service sees.
/// </summary>
internal static class CliWorkspace
{
    /// <param name="workflowsFolder">The verb's <c>--workflows</c>; null: the service's.</param>
    /// <param name="cataloguePath">The verb's catalogue; null: the service's. A catalogue given takes the workflows folder beside it.</param>
    public static PlanWorkspace Load(string? workflowsFolder, string? cataloguePath) =>
        Configured(configuration => ServiceWorkspace.Load(configuration, workflowsFolder, cataloguePath));

    /// <summary>Where <see cref="Load"/> would read from, for a verb that needs only part of it.</summary>
    public static PlanWorkspaceSource Source(string? workflowsFolder, string? cataloguePath) =>
        Configured(configuration => ServiceWorkspace.Source(configuration, workflowsFolder, cataloguePath));

    private static T Configured<T>(Func<IConfiguration, T> read)
    {
        try
        {
            return read(CliConfiguration.Load());
        }
        catch (FormatException ex)
        {
            throw new CliException($"configuration: {ex.Message}");
        }
    }
}
