using BenchmarkDotNet.Running;
using PlanWorkflows.Bench.Scenarios;

// Whole-run scenarios are console modes; anything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "engine-throughput" => await EngineThroughput.RunAsync(args[1..]),
    "engine-startup" => await EngineStartup.RunAsync(),
    "startup-probe" => await EngineStartup.ProbeAsync(args[1], args.ElementAtOrDefault(2) == "model-built"),
    "throughput-setup" => await EngineThroughput.SetupAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)),
    "side-by-side" => await PeerComparison.RunAsync(args[1..]),
    "mail-throughput" => await MailThroughput.RunAsync(args[1..]),
    "pack-build" => await PackBuild.RunAsync(args[1..]),
    "simulate" => await Simulate.RunAsync(args[1..]),
    "pack-build-setup" => await PackBuild.SetupAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}
