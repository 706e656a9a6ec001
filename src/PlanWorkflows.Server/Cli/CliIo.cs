using System.CommandLine;
using PlanWorkflows.Core.Catalogue;

namespace PlanWorkflows.Server.Cli;

internal static class CliIo
{
    public static TextWriter Out(ParseResult result) => result.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult result) => result.InvocationConfiguration.Error;

    /// <summary>Runs a verb; known input errors become one line on stderr and exit code 1.</summary>
    public static int Run(ParseResult result, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ImportException ex)
        {
            Error(result).WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (CliException ex)
        {
            Error(result).WriteLine($"error: {ex.Message}");
            return ex.ExitCode;
        }
    }
}

/// <summary>A verb's own refusal (bad option value, failed validation), reported without a trace.</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
