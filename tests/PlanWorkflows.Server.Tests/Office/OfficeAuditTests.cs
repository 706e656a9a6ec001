using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Server.Office;
using PlanWorkflows.Server.Office.Pages;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>Every kind of change leaves one audit row naming who, what, when, with the state before and after.</summary>
public sealed class OfficeAuditTests(OfficeApp app) : IClassFixture<OfficeApp>
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(JsonNode? Before, JsonNode? After, AuditEntry Row)> AuditAsync(string entity, string entityId, string action)
    {
        await using var db = app.Db();
        var row = await db.Audit.AsNoTracking().Where(a => a.Entity == entity && a.EntityId == entityId && a.Action == action).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, row.At);
        return (row.BeforeJson is null ? null : JsonNode.Parse(row.BeforeJson), row.AfterJson is null ? null : JsonNode.Parse(row.AfterJson), row);
    }

    private async Task<HttpClient> OfficeAsync() => await app.SignedInAsync(OfficeRoles.Office);

    [Fact]
    public async Task Retrying_an_incident_records_the_faulted_instance_and_the_waiting_one()
    {
        var seeded = await app.SeedAsync();
        using var client = await OfficeAsync();
        var response = await OfficeApp.PostAsync(client, $"/office/instances/{seeded.FaultedId}", $"/office/instances/{seeded.FaultedId}/retry");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, row) = await AuditAsync("WorkflowInstance", Id(seeded.FaultedId), "instance-retried");
        Assert.Equal(OfficeApp.OfficeEmail, row.User);
        Assert.Equal("Faulted", before!["status"]!.GetValue<string>());
        Assert.Equal(1, before["openIncidents"]!.GetValue<int>());
        Assert.Equal("Running", after!["status"]!.GetValue<string>());
        Assert.Equal(0, after["openIncidents"]!.GetValue<int>());
        Assert.Contains("The instance will run again.", await client.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_an_instance_records_its_queued_mails_withdrawn()
    {
        var seeded = await app.SeedAsync();
        await using (var db = app.Db())
        {
            db.Outbox.Add(new OutboxMessage { MessageId = $"<q-{Guid.NewGuid():N}@test>", InstanceId = seeded.WaitingId, Template = "reminder", To = "a@b.example", CreatedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow, Status = OutboxStatus.Queued });
            await db.SaveChangesAsync();
        }

        using var client = await OfficeAsync();
        var response = await OfficeApp.PostAsync(client, $"/office/instances/{seeded.WaitingId}", $"/office/instances/{seeded.WaitingId}/cancel");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("WorkflowInstance", Id(seeded.WaitingId), "instance-cancelled");
        Assert.Equal("Waiting", before!["status"]!.GetValue<string>());
        Assert.Equal(1, before["queuedMails"]!.GetValue<int>());
        Assert.Equal("Cancelled", after!["status"]!.GetValue<string>());
        Assert.Equal(0, after["queuedMails"]!.GetValue<int>());
        // Once cancelled, a second cancel is refused and writes no second row.
        var again = await OfficeApp.PostAsync(client, $"/office/instances/{seeded.WaitingId}", $"/office/instances/{seeded.WaitingId}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await using var check = app.Db();
        Assert.Equal(1, await check.Audit.CountAsync(a => a.Entity == "WorkflowInstance" && a.EntityId == Id(seeded.WaitingId)));
    }

    [Fact]
    public async Task Moving_to_the_latest_version_is_offered_only_where_compatible_and_is_recorded()
    {
        var name = $"move-{Guid.NewGuid():N}"[..20];
        var shipped = DefinitionJson.Load(CliRunner.Repo("workflows", "definitions", "deadline-report.json"));
        shipped.Name = name;
        long instanceId;
        await using (var db = app.Db())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            await DefinitionStore.SaveDraftAsync(db, shipped, now);
            await db.SaveChangesAsync();
            await DefinitionStore.PublishAsync(db, name, now);
            await db.SaveChangesAsync();
            var state = new InstanceState { Stack = [new Frame { Index = 0 }], Waiting = new WaitInfo { StepId = shipped.Sequence[0].Id, For = "timer" } };
            var instance = new WorkflowInstance { DefinitionName = name, DefinitionVersion = 1, Status = InstanceStatus.Waiting, StateJson = state.ToJson(), CreatedAt = now, UpdatedAt = now };
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
            instanceId = instance.Id;

            // Version 2 only renames a later step: the place the instance waits at means the same.
            var v2 = DefinitionJson.Parse(DefinitionJson.Serialize(shipped), "v2");
            v2.Sequence[^1].Name = "Renamed last step";
            await DefinitionStore.SaveDraftAsync(db, v2, now);
            await db.SaveChangesAsync();
            await DefinitionStore.PublishAsync(db, name, now);
            await db.SaveChangesAsync();
        }

        using var client = await OfficeAsync();
        Assert.Contains("Move to version 2", await client.GetStringAsync($"/office/instances/{instanceId}"), StringComparison.Ordinal);
        var response = await OfficeApp.PostAsync(client, $"/office/instances/{instanceId}", $"/office/instances/{instanceId}/move");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("WorkflowInstance", Id(instanceId), "instance-moved");
        Assert.Equal(1, before!["definitionVersion"]!.GetValue<int>());
        Assert.Equal(2, after!["definitionVersion"]!.GetValue<int>());

        // Version 3 replaces the step it waits at: no move is offered, and a forced post is refused.
        await using (var db = app.Db())
        {
            var v3 = DefinitionJson.Parse(DefinitionJson.Serialize(shipped), "v3");
            v3.Sequence[0].Id = "another-first-step";
            await DefinitionStore.SaveDraftAsync(db, v3, app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            await DefinitionStore.PublishAsync(db, name, app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var page = await client.GetStringAsync($"/office/instances/{instanceId}");
        Assert.DoesNotContain("Move to version 3", page, StringComparison.Ordinal);
        Assert.Contains("Version 3 is published; this instance cannot move to it", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await OfficeApp.PostAsync(client, $"/office/instances/{instanceId}", $"/office/instances/{instanceId}/move")).StatusCode);
        await using var check = app.Db();
        Assert.Equal(2, (await check.Instances.SingleAsync(i => i.Id == instanceId)).DefinitionVersion);
    }

    [Fact]
    public async Task Resending_a_dead_letter_queues_it_again_and_records_the_old_error()
    {
        var seeded = await app.SeedAsync();
        using var client = await OfficeAsync();
        var response = await OfficeApp.PostAsync(client, "/office/outbox", $"/office/outbox/{seeded.DeadLetterId}/resend");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("OutboxMessage", Id(seeded.DeadLetterId), "mail-resent");
        Assert.Equal("DeadLetter", before!["status"]!.GetValue<string>());
        Assert.Equal("550 mailbox unavailable", before["lastError"]!.GetValue<string>());
        Assert.Equal(5, before["attempts"]!.GetValue<int>());
        Assert.Equal("Queued", after!["status"]!.GetValue<string>());
        Assert.Equal(0, after["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Attaching_a_mail_from_the_review_queue_records_the_new_report()
    {
        var seeded = await app.SeedAsync();
        using var client = await OfficeAsync();
        var response = await OfficeApp.PostAsync(client, "/office/review", $"/office/review/{seeded.InboundId}/attach",
            new Dictionary<string, string> { ["obligation"] = Id(seeded.ObligationId), ["status"] = "PartiallyImplemented" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("InboundMessage", Id(seeded.InboundId), "mail-attached");
        Assert.Equal("Review", before!["mail"]!["status"]!.GetValue<string>());
        Assert.Equal(0, before["obligation"]!["reports"]!.GetValue<int>());
        Assert.Equal("Attached", after!["mail"]!["status"]!.GetValue<string>());
        Assert.Equal(1, after["obligation"]!["reports"]!.GetValue<int>());
        Assert.Equal("Reported", after["obligation"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Discarding_a_mail_records_the_reason_and_an_empty_reason_is_refused()
    {
        var seeded = await app.SeedAsync();
        using var client = await OfficeAsync();
        var refused = await OfficeApp.PostAsync(client, "/office/review", $"/office/review/{seeded.InboundId}/discard", new Dictionary<string, string> { ["reason"] = "  " });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Reason: required", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var response = await OfficeApp.PostAsync(client, "/office/review", $"/office/review/{seeded.InboundId}/discard", new Dictionary<string, string> { ["reason"] = "newsletter" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("InboundMessage", Id(seeded.InboundId), "mail-discarded");
        Assert.Equal("Review", before!["mail"]!["status"]!.GetValue<string>());
        Assert.Equal("Discarded", after!["mail"]!["status"]!.GetValue<string>());
        Assert.Contains("newsletter", after["mail"]!["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_an_extension_records_the_moved_due_date()
    {
        var seeded = await app.SeedAsync();
        using var client = await OfficeAsync();
        var response = await OfficeApp.PostAsync(client, "/office/extensions", $"/office/extensions/{seeded.ExtensionId}/approve", new Dictionary<string, string> { ["comment"] = "fine" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("ExtensionRequest", Id(seeded.ExtensionId), "extension-approved");
        Assert.Equal("Requested", before!["status"]!.GetValue<string>());
        Assert.Equal("2013-02-15", before["dueDate"]!.GetValue<string>());
        Assert.Equal("Approved", after!["status"]!.GetValue<string>());
        Assert.Equal("2013-04-30", after["dueDate"]!.GetValue<string>());
        Assert.Equal("Extended", after["obligationStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Declining_needs_a_reason_and_is_recorded_with_it()
    {
        var seeded = await app.SeedAsync();
        using var client = await OfficeAsync();
        var refused = await OfficeApp.PostAsync(client, "/office/extensions", $"/office/extensions/{seeded.ExtensionId}/decline", new Dictionary<string, string> { ["comment"] = string.Empty });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("needs a comment", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var response = await OfficeApp.PostAsync(client, "/office/extensions", $"/office/extensions/{seeded.ExtensionId}/decline", new Dictionary<string, string> { ["comment"] = "too late" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("ExtensionRequest", Id(seeded.ExtensionId), "extension-declined");
        Assert.Equal("Requested", before!["status"]!.GetValue<string>());
        Assert.Equal("Declined", after!["status"]!.GetValue<string>());
        Assert.Equal("too late", after["officeComment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resolving_an_import_warning_records_it_and_moves_it_to_the_resolved_list()
    {
        var warning = CataloguePage.Warnings(app.Services.GetRequiredService<PlanCatalogue>())[0];
        using var client = await OfficeAsync();
        var response = await OfficeApp.PostAsync(client, "/office/catalogue", "/office/catalogue/warnings/resolve", new Dictionary<string, string> { ["hash"] = warning.Hash, ["comment"] = "checked against the PDF" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, _) = await AuditAsync("CatalogueWarning", warning.Hash, "warning-resolved");
        Assert.False(before!["resolved"]!.GetValue<bool>());
        Assert.True(after!["resolved"]!.GetValue<bool>());
        Assert.Equal("checked against the PDF", after["comment"]!.GetValue<string>());
        var page = await client.GetStringAsync("/office/catalogue");
        Assert.DoesNotContain($"value=\"{warning.Hash}\"", page, StringComparison.Ordinal);
        Assert.Contains("checked against the PDF", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_an_institution_and_its_contacts_records_each_change()
    {
        const string id = "audit-ministry";
        await using (var db = app.Db())
        {
            db.Institutions.Add(new InstitutionRecord { Id = id, Kind = "ministry", NameEn = "Audit Ministry", NameCnr = "Ministarstvo revizije" });
            await db.SaveChangesAsync();
        }

        using var client = await OfficeAsync();
        var page = $"/office/institutions/{id}";
        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, page, page, new Dictionary<string, string> { ["nameEn"] = "Ministry of Audits", ["nameCnr"] = "Ministarstvo revizija" })).StatusCode);
        var (before, after, _) = await AuditAsync("Institution", id, "institution-renamed");
        Assert.Equal("Audit Ministry", before!["nameEn"]!.GetValue<string>());
        Assert.Equal("Ministry of Audits", after!["nameEn"]!.GetValue<string>());

        var bad = await OfficeApp.PostAsync(client, page, $"{page}/contacts", new Dictionary<string, string> { ["role"] = "boss", ["name"] = "A", ["email"] = "not-an-address", ["language"] = "en" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("role: &#x27;boss&#x27; is not one of", badHtml, StringComparison.Ordinal);
        Assert.Contains("email: &#x27;not-an-address&#x27; is not an e-mail address", badHtml, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, page, $"{page}/contacts", new Dictionary<string, string> { ["role"] = "focalPoint", ["name"] = "Ana", ["email"] = "ana@audit.example", ["language"] = "cnr" })).StatusCode);
        (before, after, _) = await AuditAsync("Institution", id, "contact-added");
        Assert.Empty(before!["contacts"]!.AsArray());
        Assert.Equal("ana@audit.example", after!["contacts"]![0]!["email"]!.GetValue<string>());
        var contactId = after["contacts"]![0]!["id"]!.GetValue<long>();

        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, page, $"{page}/contacts/{contactId}", new Dictionary<string, string> { ["role"] = "head", ["name"] = "Ana", ["email"] = "ana@audit.example", ["language"] = "en", ["undeliverable"] = "true" })).StatusCode);
        (before, after, _) = await AuditAsync("Institution", id, "contact-changed");
        Assert.Equal("focalPoint", before!["contacts"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("head", after!["contacts"]![0]!["role"]!.GetValue<string>());
        Assert.True(after["contacts"]![0]!["undeliverable"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.SeeOther, (await OfficeApp.PostAsync(client, page, $"{page}/contacts/{contactId}/delete")).StatusCode);
        (before, after, _) = await AuditAsync("Institution", id, "contact-removed");
        Assert.Single(before!["contacts"]!.AsArray());
        Assert.Empty(after!["contacts"]!.AsArray());
    }

    [Fact]
    public async Task Building_a_pack_writes_the_archive_records_the_files_and_serves_them_for_download()
    {
        using var client = await app.SignedInAsync(OfficeRoles.Secretary);
        var response = await OfficeApp.PostAsync(client, "/office/packs", "/office/packs/build", new Dictionary<string, string> { ["meeting"] = "2013-06-13", ["lang"] = "en" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var (before, after, row) = await AuditAsync("Pack", "2013-06-13-en", "pack-built");
        Assert.Equal(OfficeApp.SecretaryEmail, row.User);
        Assert.Empty(before!.AsArray());
        Assert.Equal(["pack-2013-06-13-en.docx", "pack-2013-06-13-en.html", "pack-2013-06-13-en.png", "pack-2013-06-13-en.xlsx"], after!.AsArray().Select(f => f!["file"]!.GetValue<string>()).ToArray());
        Assert.Contains("href=\"/office/packs/2013-06-13/pack-2013-06-13-en.docx\"", await client.GetStringAsync("/office/packs"), StringComparison.Ordinal);
        var download = await client.GetAsync("/office/packs/2013-06-13/pack-2013-06-13-en.docx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(app.PacksFolder, "2013-06-13", "pack-2013-06-13-en.docx")), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/office/packs/2013-06-13/..%2F..%2Fplan.db")).StatusCode);
        var bad = await OfficeApp.PostAsync(client, "/office/packs", "/office/packs/build", new Dictionary<string, string> { ["meeting"] = "13.06.2013", ["lang"] = "de" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Meeting date: a date is required", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_user_from_the_command_line_is_recorded_without_the_password()
    {
        using var temp = new TempFolder();
        var database = temp.File("plan.db");
        var migrated = CliRunner.Run("db", "migrate", "--provider", "Sqlite", "--connection", $"Data Source={database};Pooling=False");
        Assert.True(migrated.ExitCode == 0, migrated.Error);
        var input = Console.In;
        try
        {
            Console.SetIn(new StringReader("a long enough password\n"));
            var result = CliRunner.Run("users", "add", "--email", "Chief@Office.example", "--name", "Chief", "--role", "office", "--password-stdin", "--database", database);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal("user chief@office.example added as Office", result.Output.Trim());
            Console.SetIn(new StringReader("short\n"));
            var weak = CliRunner.Run("users", "add", "--email", "b@office.example", "--name", "B", "--role", "Viewer", "--password-stdin", "--database", database);
            Assert.Equal(1, weak.ExitCode);
            Assert.Contains("--password: the password must have at least 12 characters", weak.Error, StringComparison.Ordinal);
        }
        finally
        {
            Console.SetIn(input);
        }

        // A password given as an argument is not an option at all.
        Assert.NotEqual(0, CliRunner.Run("users", "add", "--email", "c@office.example", "--name", "C", "--role", "Viewer", "--password", "a long enough password", "--database", database).ExitCode);
        var disabled = CliRunner.Run("users", "disable", "--email", "CHIEF@office.example", "--database", database);
        Assert.Equal("user chief@office.example: disabled", disabled.Output.Trim());
        Assert.Contains("chief@office.example\tChief\tOffice\tdisabled", CliRunner.Run("users", "list", "--database", database).Output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("users", "enable", "--email", "chief@office.example", "--database", database).ExitCode);
        var missing = CliRunner.Run("users", "unlock", "--email", "nobody@office.example", "--database", database);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--email: no account nobody@office.example", missing.Error, StringComparison.Ordinal);
        var list = CliRunner.Run("users", "list", "--database", database);
        Assert.Contains("chief@office.example\tChief\tOffice\tactive\tnever", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("b@office.example", list.Output, StringComparison.Ordinal);
        using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={database};Pooling=False" });
        Assert.Equal(["user-added", "user-disabled", "user-enabled"], db.Audit.OrderBy(a => a.Id).Select(a => a.Action).ToArray());
        var disabling = db.Audit.Single(a => a.Action == "user-disabled");
        Assert.Contains("\"disabled\":false", disabling.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"disabled\":true", disabling.AfterJson, StringComparison.Ordinal);
        var audit = db.Audit.Single(a => a.Action == "user-added");
        Assert.StartsWith("cli:", audit.User, StringComparison.Ordinal);
        Assert.Null(audit.BeforeJson);
        Assert.Contains("\"role\":\"Office\"", audit.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("a long enough password", audit.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", audit.AfterJson, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", db.Users.Single().PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_page_shows_the_newest_hundred_and_links_to_older_ones()
    {
        await using (var db = app.Db())
        {
            for (var i = 1; i <= 105; i++)
            {
                db.Audit.Add(new AuditEntry { At = app.Clock.GetUtcNow().UtcDateTime, User = "paging@example.org", Action = "test", Entity = "PagingTest", EntityId = $"item-{i:000}", AfterJson = "{}" });
            }

            await db.SaveChangesAsync();
        }

        using var client = await OfficeAsync();
        var first = await client.GetStringAsync("/office/audit?entity=PagingTest");
        Assert.Contains("PagingTest item-105", first, StringComparison.Ordinal);
        Assert.Contains("PagingTest item-006", first, StringComparison.Ordinal);
        Assert.DoesNotContain("PagingTest item-005", first, StringComparison.Ordinal);
        var older = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/office/audit\\?entity=PagingTest&amp;before=\\d+)\"").Groups[1].Value;
        var second = await client.GetStringAsync(System.Net.WebUtility.HtmlDecode(older));
        Assert.Contains("PagingTest item-005", second, StringComparison.Ordinal);
        Assert.Contains("PagingTest item-001", second, StringComparison.Ordinal);
        Assert.DoesNotContain("PagingTest item-006", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Older changes", second, StringComparison.Ordinal);
    }
}
