using System.CommandLine;
using Microsoft.Extensions.Options;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Cli;

/// <summary>The root action: run the service on its configuration (embedded defaults when none).</summary>
internal static class ServiceCommand
{
    public static void Attach(RootCommand root)
    {
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(async (result, cancellationToken) =>
        {
            WebApplication app;
            try
            {
                app = ServiceHost.Build([.. result.UnmatchedTokens]);
            }
            catch (ImportException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
            catch (OptionsValidationException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: configuration: {string.Join("; ", ex.Failures)}");
                return 1;
            }

            await app.RunAsync(cancellationToken);
            return 0;
        });
    }
}
