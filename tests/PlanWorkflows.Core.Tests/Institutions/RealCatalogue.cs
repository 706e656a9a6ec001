using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Core.Tests.Institutions;

/// <summary>The committed catalogue and source document, found from the test binaries up to the solution folder.</summary>
internal static class RealCatalogue
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PlanWorkflows.sln not found above {AppContext.BaseDirectory}");
    });

    private static readonly Lazy<InstitutionDirectory> LoadedDirectory = new(() => InstitutionDirectory.Load(YamlPath));

    public static string RepoRoot => Root.Value;

    public static string YamlPath => Path.Combine(RepoRoot, "workflows", "institutions.yaml");

    public static string ActionPlanPath =>
        Path.Combine(RepoRoot, "workflows", "plans", "sources", "action-plan-2012-2013.txt");

    public static InstitutionDirectory Directory => LoadedDirectory.Value;
}
