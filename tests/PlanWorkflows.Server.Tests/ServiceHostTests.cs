using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Server.Hosting;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Tests.Office;

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
            // Demo time as shipped, but slow enough that the plan day cannot roll over during the test.
            "--Clock:DemoSpeed=1",
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
            // Reporting duties only, not the meetings: those the plan owes from its adoption on (none of 2012-H1).
            var owed = ObligationPlanner.Plan(CatalogueYaml.Load(CliRunner.Repo("workflows", "plans", "action-plan-2012-2013.yaml")),
                WorkingDayCalendar.Load(CliRunner.Repo("workflows", "calendar", "holidays-me.yaml"))).Count;
            Assert.Contains($"obligations: Pending {owed}\n", summary, StringComparison.Ordinal);
            var catalogue = await http.GetStringAsync(new Uri("/api/catalogue", UriKind.Relative));
            Assert.Contains("\"code\": \"1.1.1\"", catalogue, StringComparison.Ordinal);
            Assert.Contains("Office pages: /office", summary, StringComparison.Ordinal);

            // The status names overdue institutions: staff only. Without a session the answer is 401, not the sign-in page.
            using (var anonymous = await http.GetAsync(new Uri(OfficePaths.Status, UriKind.Relative)))
            {
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            await using (var db = app.Services.GetRequiredService<Func<PlanWorkflows.Core.Data.PlanDbContext>>()())
            {
                await OfficeSignIn.AddAccountsAsync(app.Services, db);
            }

            using var staff = await OfficeSignIn.SignedInAsync(new Uri(address), OfficeRoles.Viewer);
            // Without asOf the status is of the service clock's day: the demo clock's, not the machine's.
            var status = System.Text.Json.JsonDocument.Parse(await staff.GetStringAsync(new Uri(OfficePaths.Status, UriKind.Relative))).RootElement;
            Assert.Equal("2012-09-13", status.GetProperty("asOf").GetString());
            Assert.True(status.GetProperty("totals").GetProperty("obligations").GetInt32() > 100);
            var earlier = System.Text.Json.JsonDocument.Parse(await staff.GetStringAsync(new Uri(OfficePaths.Status + "?asOf=2012-07-01", UriKind.Relative))).RootElement;
            Assert.Equal("2012-07-01", earlier.GetProperty("asOf").GetString());
            using var bad = await staff.GetAsync(new Uri(OfficePaths.Status + "?asOf=2012-13-01", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
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

    [Fact]
    public void Service_refuses_to_start_with_a_broken_mail_template()
    {
        using var temp = new TempFolder();
        foreach (var file in Directory.GetFiles(CliRunner.Repo("email-templates"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(temp.Path, Path.GetRelativePath(CliRunner.Repo("email-templates"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.AppendAllText(Path.Combine(temp.Path, "en", "first-reminder.text.sbn"), "\n{{ if }}\n");
        var result = CliRunner.Run($"--Mail:Templates={temp.Path}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("first-reminder.text.sbn:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_refuses_outbox_settings_that_cannot_work_and_names_the_key()
    {
        var result = CliRunner.Run("--Outbox:Smtp:Host=mail.gov.me", "--Outbox:Smtp:Port=0", "--Outbox:MessagesPerMinute=0");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Outbox:Smtp:Port must be 1–65535 (is 0)", result.Error, StringComparison.Ordinal);
        Assert.Contains("Outbox:MessagesPerMinute must be at least 1 (is 0)", result.Error, StringComparison.Ordinal);
    }
}
