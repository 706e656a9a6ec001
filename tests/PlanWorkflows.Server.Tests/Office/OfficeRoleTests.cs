using System.Net;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

public sealed class OfficeRoleTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    public static TheoryData<string, string, HttpStatusCode> Pages()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        string[] everyone = ["/office", "/office/catalogue", "/office/institutions", $"/office/institutions/{OfficeApp.Institution}", "/office/instances", "/office/review", "/office/extensions", "/office/outbox", "/office/outbox?status=Sent"];
        foreach (var role in OfficeRoles.All)
        {
            foreach (var page in everyone)
            {
                data.Add(role, page, HttpStatusCode.OK);
            }

            data.Add(role, "/office/packs", role == OfficeRoles.Viewer ? HttpStatusCode.Forbidden : HttpStatusCode.OK);
            data.Add(role, "/office/audit", role == OfficeRoles.Office ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_opens_or_is_refused_by_role(string role, string path, HttpStatusCode expected)
    {
        using var client = await app.SignedInAsync(role);
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("Your role does not allow this.", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("<h1>", html, StringComparison.Ordinal);
            // The only script is the framework's file for enhanced navigation; nothing inline the CSP would have to allow.
            Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>[^<]*</script>", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
                script => Assert.Equal($"<script src=\"{OfficePaths.BlazorScript}\"></script>", script.Value));
            Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static TheoryData<string, string> Changes()
    {
        var data = new TheoryData<string, string>();
        string[] officeOnly =
        [
            "/office/catalogue/warnings/resolve", $"/office/institutions/{OfficeApp.Institution}", $"/office/institutions/{OfficeApp.Institution}/contacts",
            "/office/institutions/import", "/office/instances/{faulted}/retry", "/office/instances/{waiting}/cancel", "/office/instances/{waiting}/move",
            "/office/review/{inbound}/attach", "/office/review/{inbound}/discard", "/office/extensions/{extension}/approve", "/office/extensions/{extension}/decline",
            "/office/outbox/{dead}/resend",
        ];
        foreach (var role in new[] { OfficeRoles.Secretary, OfficeRoles.Viewer })
        {
            foreach (var action in officeOnly)
            {
                data.Add(role, action);
            }
        }

        data.Add(OfficeRoles.Viewer, "/office/packs/build");
        return data;
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_change_the_role_may_not_make_is_refused_with_403_and_changes_nothing(string role, string action)
    {
        var seeded = await app.SeedAsync();
        var path = action.Replace("{faulted}", $"{seeded.FaultedId}", StringComparison.Ordinal).Replace("{waiting}", $"{seeded.WaitingId}", StringComparison.Ordinal)
            .Replace("{inbound}", $"{seeded.InboundId}", StringComparison.Ordinal).Replace("{extension}", $"{seeded.ExtensionId}", StringComparison.Ordinal)
            .Replace("{dead}", $"{seeded.DeadLetterId}", StringComparison.Ordinal);
        using var client = await app.SignedInAsync(role);
        int auditBefore;
        await using (var db = app.Db())
        {
            auditBefore = await db.Audit.CountAsync();
        }

        var response = await OfficeApp.PostAsync(client, "/office", path, new Dictionary<string, string>
        {
            ["comment"] = "no", ["reason"] = "no", ["obligation"] = $"{seeded.ObligationId}", ["status"] = "Implemented", ["nameEn"] = "Renamed", ["nameCnr"] = "Preimenovano",
            ["role"] = "head", ["name"] = "Intruder", ["email"] = "intruder@example.org", ["language"] = "en", ["meeting"] = "2013-03-14", ["lang"] = "en",
        });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var check = app.Db();
        Assert.Equal(auditBefore, await check.Audit.CountAsync());
        Assert.Equal(InstanceStatus.Faulted, (await check.Instances.SingleAsync(i => i.Id == seeded.FaultedId)).Status);
        Assert.Equal(InstanceStatus.Waiting, (await check.Instances.SingleAsync(i => i.Id == seeded.WaitingId)).Status);
        Assert.Equal(OutboxStatus.DeadLetter, (await check.Outbox.SingleAsync(m => m.Id == seeded.DeadLetterId)).Status);
        Assert.Equal(InboundStatus.Review, (await check.Inbound.SingleAsync(m => m.Id == seeded.InboundId)).Status);
        Assert.Equal(ExtensionStatus.Requested, (await check.Extensions.SingleAsync(e => e.Id == seeded.ExtensionId)).Status);
        Assert.Equal("Test Ministry", (await check.Institutions.SingleAsync(i => i.Id == OfficeApp.Institution)).NameEn);
        Assert.False(await check.Contacts.AnyAsync(c => c.Email == "intruder@example.org"));
        Assert.False(Directory.Exists(Path.Combine(app.PacksFolder, "2013-03-14")));
    }

    [Fact]
    public async Task A_viewer_sees_no_buttons_that_change_anything()
    {
        var seeded = await app.SeedAsync();
        using var client = await app.SignedInAsync(OfficeRoles.Viewer);
        foreach (var path in new[] { $"/office/instances/{seeded.FaultedId}", "/office/outbox", "/office/review", "/office/extensions", "/office/catalogue", $"/office/institutions/{OfficeApp.Institution}", "/office/institutions" })
        {
            var html = await client.GetStringAsync(path);
            // The only form a viewer gets is sign-out.
            Assert.Equal(1, html.Split("<form ", StringSplitOptions.None).Length - 1);
            Assert.Contains("action=\"/office/signout\"", html, StringComparison.Ordinal);
        }
    }
}
