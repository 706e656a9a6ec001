using Microsoft.Data.Sqlite;
using PlanWorkflows.Core.Simulation;

namespace PlanWorkflows.Core.Tests.Simulation;

/// <summary>
/// The whole 2012–2013 plan simulated once per configuration and shared by the tests that read
/// it: each run takes seconds, and the runs go side by side.
/// </summary>
public sealed class SimulationRuns : IAsyncLifetime
{
    public static readonly string Catalogue = RepoPaths.Combine("workflows", "plans", "action-plan-2012-2013.yaml");

    private readonly string _root = Directory.CreateTempSubdirectory("simulation-").FullName;

    public SimulatedRun None { get; private set; } = null!;
    public SimulatedRun OnTime { get; private set; } = null!;
    public SimulatedRun Realistic { get; private set; } = null!;
    public SimulatedRun RealisticAgain { get; private set; } = null!;
    public SimulatedRun RealisticSeed2 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var none = RunAsync("none", ReplyMode.None, 1);
        // From the period start, so that no obligation is already overdue when the run begins.
        var onTime = RunAsync("on-time", ReplyMode.OnTime, 1, from: new DateOnly(2012, 1, 1));
        var realistic = RunAsync("realistic-1", ReplyMode.Realistic, 1);
        var again = RunAsync("realistic-1-again", ReplyMode.Realistic, 1);
        var seed2 = RunAsync("realistic-2", ReplyMode.Realistic, 2);
        await Task.WhenAll(none, onTime, realistic, again, seed2);
        (None, OnTime, Realistic, RealisticAgain, RealisticSeed2) = (none.Result, onTime.Result, realistic.Result, again.Result, seed2.Result);
    }

    private async Task<SimulatedRun> RunAsync(string name, ReplyMode mode, int seed, DateOnly? from = null)
    {
        var options = new SimulationOptions
        {
            CataloguePath = Catalogue, OutputFolder = Path.Combine(_root, name), Replies = mode, Seed = seed, From = from,
            // The test output folder has no templates of its own; the service's are the repository's.
            TemplatesFolder = RepoPaths.Combine("email-templates"),
        };
        var result = await Task.Run(() => new PlanSimulator().RunAsync(options));
        return new SimulatedRun(options, result);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed record SimulatedRun(SimulationOptions Options, SimulationResult Result)
{
    public string DatabasePath => Path.Combine(Options.OutputFolder, PlanSimulator.DatabaseFile);

    public string MailPath => Path.Combine(Options.OutputFolder, PlanSimulator.MailFolderName);

    public Data.PlanDbContext Open() =>
        new(Data.PlanDatabase.Options(new Data.DatabaseOptions { ConnectionString = $"Data Source={DatabasePath};Pooling=False" }));

    public IReadOnlyList<string> MailFiles => [.. Directory.EnumerateFiles(MailPath, "*.eml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}

[CollectionDefinition(Name)]
public sealed class SimulationCollection : ICollectionFixture<SimulationRuns>
{
    public const string Name = "whole-plan simulations";
}
