using System.CommandLine;
using Microsoft.Extensions.Options;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// Runs the service on its configuration (embedded defaults when none): with no verb, or with <c>serve</c>.
/// Only configuration options may follow; anything else is refused before a single service starts, so a
/// mistyped verb never starts the engine and the outbox.
/// </summary>
internal static class ServiceCommand
{
    public const string Verb = "serve";

    public static void Attach(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var serve = new Command(Verb, "Run the service (the same as no verb); configuration options may follow, e.g. --Clock:Mode=Real.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(serve);
        var verbs = root.Subcommands.Select(c => c.Name).ToList();
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, cancellationToken) => RunAsync(result, verbs, cancellationToken));
        serve.SetAction((result, cancellationToken) => RunAsync(result, verbs, cancellationToken));
    }

    private static async Task<int> RunAsync(ParseResult result, IReadOnlyList<string> verbs, CancellationToken cancellationToken)
    {
        string[] options = [.. result.UnmatchedTokens];
        if (NotAConfigurationOption(options) is { } stray)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync(
                $"error: '{stray}' is neither a verb nor a configuration option (--Key=Value); verbs: {string.Join(", ", verbs)}");
            return 2;
        }

        WebApplication app;
        try
        {
            app = ServiceHost.Build(options);
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
    }

    /// <summary>
    /// The first token that .NET's command-line configuration would not read as a setting: settings are
    /// <c>--Key=Value</c>, <c>--Key Value</c>, <c>/Key=Value</c>, <c>/Key Value</c> and <c>Key=Value</c>.
    /// A bare word is a verb the user meant and mistyped; a single-dash option means nothing here.
    /// </summary>
    internal static string? NotAConfigurationOption(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var prefix = token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;
            if (prefix == 0 && token.StartsWith('-'))
            {
                return token;
            }

            var equals = token.IndexOf('=', prefix);
            if (equals > prefix)
            {
                continue;
            }

            if (prefix == 0 || equals == prefix || token.Length == prefix || i + 1 == tokens.Count)
            {
                // A bare word, an empty key, or a key with nothing after it to be its value.
                return token;
            }

            i++; // the key's value
        }

        return null;
    }
}
