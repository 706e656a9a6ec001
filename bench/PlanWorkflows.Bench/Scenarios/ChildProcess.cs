using System.Diagnostics;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>Runs this bench program again with other arguments and returns the last line it printed.</summary>
internal static class ChildProcess
{
    public static async Task<string> RunAsync(params string[] args)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed ({process.ExitCode}): {output}");
        }

        return output.Trim().Split('\n')[^1].Trim();
    }
}
