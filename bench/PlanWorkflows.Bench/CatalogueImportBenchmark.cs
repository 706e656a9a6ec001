using BenchmarkDotNet.Attributes;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Catalogue.Reading;
using PlanWorkflows.Core.Institutions;

namespace PlanWorkflows.Bench;

/// <summary>Import of the whole 2012–2013 Action Plan document: read, resolve, parse timeframes.</summary>
[MemoryDiagnoser]
public class CatalogueImportBenchmark
{
    private byte[] _document = [];
    private InstitutionDirectory _institutions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var workflows = RepoFiles.Workflows;
        _document = File.ReadAllBytes(Path.Combine(workflows, "plans", "sources", "action-plan-2012-2013.txt"));
        _institutions = InstitutionDirectory.Load(Path.Combine(workflows, "institutions.yaml"));
    }

    [Benchmark]
    public int ImportWholeDocument()
    {
        var document = PlanDocumentReader.Read(_document, "action-plan-2012-2013.txt");
        return new CatalogueImporter(_institutions).Import(document).Activities.Count();
    }

    [Benchmark]
    public int ImportWithInstitutionsLoad()
    {
        var institutions = InstitutionDirectory.Load(Path.Combine(RepoFiles.Workflows, "institutions.yaml"));
        var document = PlanDocumentReader.Read(_document, "action-plan-2012-2013.txt");
        return new CatalogueImporter(institutions).Import(document).Activities.Count();
    }
}

internal static class RepoFiles
{
    public static string Workflows { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (File.Exists(Path.Combine(candidate, "institutions.yaml")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("workflows/ not found above " + AppContext.BaseDirectory);
    }
}
