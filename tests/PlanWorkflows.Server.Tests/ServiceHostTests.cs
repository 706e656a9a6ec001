using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests;

public sealed class ServiceHostTests
{
    [Fact]
    public async Task Service_on_its_defaults_migrates_syncs_the_plan_and_answers_on_http()
    {
        using var temp = new TempFolder();
        var app = ServiceHost.Build([
            "--urls", "http://127.0.0.1:0",
            $"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False",
            "--Service:Roles=web",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var summary = await http.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains("demo time: 2012-09-13", summary, StringComparison.Ordinal);
            Assert.Contains("Education: 18 activities", summary, StringComparison.Ordinal);
            Assert.Matches(@"obligations: Pending \d{3}", summary);
            var catalogue = await http.GetStringAsync(new Uri("/api/catalogue", UriKind.Relative));
            Assert.Contains("\"code\": \"1.1.1\"", catalogue, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public void Service_refuses_to_start_on_a_broken_catalogue_with_file_and_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("plan.yaml"), "plan:\n  title: x\n  periodStart: not-a-date\n");
        var result = CliRunner.Run($"--Catalogue:Path={temp.File("plan.yaml")}");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: .*plan\.yaml:3: ", result.Error);
    }
}
