using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Core.Tests.Institutions;

/// <summary>The committed institutions and source document of the repository.</summary>
internal static class RealCatalogue
{
    private static readonly Lazy<InstitutionDirectory> LoadedDirectory = new(() => InstitutionDirectory.Load(YamlPath));

    public static string RepoRoot => RepoPaths.Root;

    public static string YamlPath => RepoPaths.Combine("workflows", "institutions.yaml");

    public static string ActionPlanPath => RepoPaths.PlanDocument;

    public static InstitutionDirectory Directory => LoadedDirectory.Value;
}
