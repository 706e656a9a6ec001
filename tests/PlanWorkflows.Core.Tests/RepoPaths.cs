namespace PlanWorkflows.Core.Tests;

/// <summary>Locates files of the repository (the plan document, institutions, calendar) from the test output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "PlanWorkflows.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PlanWorkflows.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string PlanDocument => Combine("workflows", "plans", "sources", "action-plan-2012-2013.txt");
}
