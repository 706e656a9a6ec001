using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PlanWorkflows.Core.Tests;

namespace PlanWorkflows.Integration.Tests;

/// <summary>
/// The service's executable as a separate operating-system process, from the Server project's own
/// build output (the test project references it, so it is built in the same configuration).
/// Configuration goes in on the command line, as an operator would give it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static string Executable { get; } = Locate();

    public static ServerProcess Start(string name, params string[] arguments) => Start(name, new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables set for the process only, as an operator's unit file or shell sets them.</param>
    public static ServerProcess Start(string name, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Executable);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + Executable);
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a verb to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        await using var verb = Start("verb", arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await verb._process.WaitForExitAsync(timeout.Token);
        verb._process.WaitForExit(); // drains the redirected output
        return (verb._process.ExitCode, verb.Output);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, whatever was in flight is cut off.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// SIGTERM, as systemd or a container runtime stops the service: the host stops its workers, which
    /// finish a mail the server is taking and start no other. Waits (real time) for the process to end.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill"))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not stop within {timeout.TotalSeconds:0} s of SIGTERM:\n{Output}");
        }
    }

    /// <summary>Waits (real time: a child process coming up) until its output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before saying '{text}':\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not say '{text}' within {timeout.TotalSeconds:0} s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static string Locate()
    {
        // This assembly lives in tests/<project>/bin/<Configuration>/<tfm>/; the server's output mirrors it.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var path = RepoPaths.Combine("src", "PlanWorkflows.Server", "bin", configuration, framework, "PlanWorkflows.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("the server is not built; build the solution first", path);
    }
}
