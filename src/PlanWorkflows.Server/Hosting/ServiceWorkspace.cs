using PlanWorkflows.Core;
using PlanWorkflows.Core.Obligations;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// The plan workspace as configured (<c>Workflows:Folder</c>, <c>Catalogue:Path</c>, <c>Meetings</c>, <c>GovernmentReport</c>):
/// what the service loads at start, and what <c>simulate</c> and the other verbs load, with their own options over it.
/// </summary>
internal static class ServiceWorkspace
{
    /// <param name="workflowsFolder">A verb's <c>--workflows</c>; null: configuration, else the folder beside the plan.</param>
    /// <param name="cataloguePath">A verb's <c>--plan</c>; null: configuration, else the shipped plan. A plan given here
    /// takes its workflows folder from beside it, not from configuration, unless <paramref name="workflowsFolder"/> names one.</param>
    public static PlanWorkspace Load(IConfiguration configuration, string? workflowsFolder = null, string? cataloguePath = null) =>
        PlanWorkspace.Load(Source(configuration, workflowsFolder, cataloguePath));

    /// <summary>Where the workspace of <see cref="Load"/> comes from, for what reads only part of it (<c>plan import</c>).</summary>
    public static PlanWorkspaceSource Source(IConfiguration configuration, string? workflowsFolder = null, string? cataloguePath = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var meetings = new MeetingOptions();
        configuration.GetSection(MeetingOptions.SectionName).Bind(meetings);
        var reports = new GovernmentReportOptions();
        configuration.GetSection(GovernmentReportOptions.SectionName).Bind(reports);
        var folder = workflowsFolder ?? (cataloguePath is null ? configuration["Workflows:Folder"] : null);
        return new PlanWorkspaceSource(folder, cataloguePath ?? configuration["Catalogue:Path"], meetings, reports);
    }
}
