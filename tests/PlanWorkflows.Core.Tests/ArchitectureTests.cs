using System.Reflection;
using NetArchTest.Rules;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Tests;

/// <summary>
/// DESIGN §2: inside Core, dependencies run one way. The shared words (Vocabulary) import nothing of Core; the catalogue
/// and schedules do not know obligations; obligations and the engine know nothing of mail, replies, packs or status;
/// of those four, replies and packs may build on mail and packs on status, never the other way round. Diagnostics
/// (the meter and activity source) is used by the engine, mail and replies, and so knows none of them.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Core = "PlanWorkflows.Core";

    private static readonly Assembly Assembly = typeof(PlanDbContext).Assembly;

    /// <summary>Every folder (namespace) of Core, for the leaf's rule.</summary>
    private static readonly string[] Folders =
        ["Catalogue", "Clock", "Data", "Diagnostics", "Inbound", "Institutions", "Mail", "Obligations", "Packs", "Replies", "Schedules", "Simulation", "Status", "Transliteration", "Workflows"];

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Vocabulary", Folders },
        // The script of Montenegrin text: words in, words out; mails, forms, packs and the catalogue's text use it.
        { "Transliteration", [.. Folders.Where(f => f != "Transliteration"), "Vocabulary"] },
        { "Catalogue", ["Obligations", "Workflows", "Mail", "Replies", "Packs", "Status", "Simulation"] },
        { "Schedules", ["Obligations", "Workflows", "Mail", "Replies", "Packs", "Status", "Simulation"] },
        { "Institutions", ["Obligations", "Workflows", "Mail", "Replies", "Packs", "Status", "Simulation"] },
        { "Data", ["Obligations", "Workflows", "Mail", "Replies", "Packs", "Status", "Simulation"] },
        { "Obligations", ["Mail", "Replies", "Packs", "Status", "Simulation", "Inbound"] },
        { "Workflows", ["Mail", "Replies", "Packs", "Status", "Simulation", "Inbound"] },
        { "Mail", ["Replies", "Packs", "Status", "Simulation"] },
        { "Status", ["Mail", "Replies", "Packs", "Simulation"] },
        { "Replies", ["Packs", "Status", "Simulation"] },
        { "Packs", ["Replies", "Simulation"] },
        // What an operator watches is counted where it happens (the engine, the outbox sender, the reply processor), so
        // Diagnostics sits below all of them: it reads the database and the shared words, and nothing that counts on it.
        { "Diagnostics", ["Catalogue", "Schedules", "Institutions", "Obligations", "Workflows", "Mail", "Inbound", "Replies", "Packs", "Status", "Simulation"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Folder_does_not_depend_on_what_builds_on_it(string folder, string[] forbidden)
    {
        // One rule per forbidden folder, so a failure names the edge.
        var edges = forbidden.SelectMany(f => Types.InAssembly(Assembly)
                .That().ResideInNamespace($"{Core}.{folder}")
                .ShouldNot().HaveDependencyOn($"{Core}.{f}")
                .GetResult().FailingTypeNames?.Select(t => $"{t} -> {f}") ?? [])
            .ToList();

        Assert.True(edges.Count == 0, $"{folder} must not depend on {string.Join(", ", forbidden)}: {string.Join("; ", edges)}");
    }

    [Fact]
    public void Rules_see_the_types_they_judge()
    {
        // A namespace renamed under the rules would make them pass on nothing.
        foreach (var folder in Folders.Append("Vocabulary"))
        {
            Assert.NotEmpty(Types.InAssembly(Assembly).That().ResideInNamespace($"{Core}.{folder}").GetTypes());
        }
    }
}
