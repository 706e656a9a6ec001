using System.CommandLine;
using PlanWorkflows.Server.Cli;

namespace PlanWorkflows.Server.Tests;

internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the server's verbs in-process with captured output, as a shell would see them.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static string RepoRoot { get; } = FindRoot();

    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PlanWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PlanWorkflows.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A scratch folder per test, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("planworkflows-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
