using System.Net;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>M web processes behind one address: a form served by one is posted to another.</summary>
public sealed class SharedKeysTests
{
    private static async Task<HttpStatusCode> PostToOtherAsync(bool sharedKeys)
    {
        using var temp = new TempFolder();
        var database = $"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False";
        // Two hosts that do not share a keys folder each have their own, as two containers would.
        var first = new FormApp(database, $"--Security:DataProtectionKeysFolder={temp.File("keys")}");
        await first.InitializeAsync();
        try
        {
            await using var second = await RunningService.StartAsync(["--Service:Roles=web", database, $"--Security:DataProtectionKeysFolder={temp.File(sharedKeys ? "keys" : "other-keys")}"]);
            var seeded = await first.SeedAsync("en");
            using var http = first.Client();
            var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
            using var content = RunningService.FormPost(page, ReplyFormHttpTests.Filled(seeded, "draft"));

            // Cookies belong to the host, not the port: the antiforgery cookie from the first goes to the second.
            using var response = await http.PostAsync(new Uri(second.BaseAddress, seeded.Path), content);
            return response.StatusCode;
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_a_shared_keys_folder_a_form_served_by_one_web_process_is_accepted_by_another()
    {
        Assert.Equal(HttpStatusCode.SeeOther, await PostToOtherAsync(sharedKeys: true));
    }

    [Fact]
    public async Task With_keys_of_its_own_another_web_process_refuses_the_post()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await PostToOtherAsync(sharedKeys: false));
    }
}
