using Microsoft.Extensions.Configuration;
using PlanWorkflows.Server.Cli;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Cli;

/// <summary>The service runs only when asked for: no verb or <c>serve</c>, followed by configuration options alone.</summary>
public sealed class ServiceVerbTests
{
    [Theory]
    [InlineData("definitoins", "list")]
    [InlineData("--Service:Roles=web", "stauts")]
    [InlineData("serve", "plan")]
    public void Mistyped_verb_exits_non_zero_naming_it_and_the_verbs_and_starts_nothing(params string[] args)
    {
        using var temp = new TempFolder();
        var database = temp.File("plan.db");
        var result = CliRunner.Run([.. args, $"--Database:ConnectionString=Data Source={database}"]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var stray = args.First(a => !a.StartsWith("--", StringComparison.Ordinal) && a != ServiceCommand.Verb);
        Assert.StartsWith($"error: '{stray}' is neither a verb nor a configuration option", line, StringComparison.Ordinal);
        Assert.Contains("verbs: plan, db, instances, simulate", line, StringComparison.Ordinal);
        Assert.Contains("serve", line, StringComparison.Ordinal);
        // Nothing was started: the service's first act, migrating its database, never happened.
        Assert.False(File.Exists(database), "the service started and created its database");
    }

    [Theory]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "--Clock:Mode=Real", "--urls", "http://127.0.0.1:0", "/Service:Roles=web", "Database:Provider=Sqlite" }, null)]
    [InlineData(new[] { "--urls" }, "--urls")]
    [InlineData(new[] { "-v" }, "-v")]
    [InlineData(new[] { "--=x" }, "--=x")]
    [InlineData(new[] { "--Clock:Mode", "Real", "instances" }, "instances")]
    public void Configuration_options_are_told_apart_from_stray_words(string[] tokens, string? stray) =>
        Assert.Equal(stray, ServiceCommand.NotAConfigurationOption(tokens));

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("urls", "http://0.0.0.0:8080", true)]
    [InlineData("http_ports", "8080", true)]
    [InlineData("https_ports", "8443", true)]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:9000", true)]
    [InlineData("Kestrel:Limits:MaxRequestBodySize", "1000", false)]
    public void Default_address_applies_only_when_no_address_is_configured(string? key, string? value, bool told)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(key is null ? [] : [new KeyValuePair<string, string?>(key, value)])
            .Build();
        Assert.Equal(told, ServiceHost.ListensWhereTold(configuration));
    }
}
