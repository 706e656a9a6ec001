using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Tests.Cli;

/// <summary>Each verb that changes state leaves one audit row: the OS user, the action, the time, the state before and after.</summary>
public sealed class CliAuditTests : IDisposable
{
    private readonly CliDatabase _database = new();

    private string Path => _database.Path;

    public void Dispose() => _database.Dispose();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs the verb and returns its only audit row, checking who and when.</summary>
    private async Task<(JsonNode? Before, JsonNode? After)> AuditedAsync(string action, string entity, long entityId, params string[] verb)
    {
        var from = DateTime.UtcNow;
        var result = CliRunner.Run([.. verb, "--database", Path]);
        Assert.True(result.ExitCode == 0, result.Error);
        var elapsed = DateTime.UtcNow - from;
        await using var db = _database.Open();
        var row = await db.Audit.AsNoTracking().SingleAsync();
        Assert.Equal((action, entity, Id(entityId), $"cli:{Environment.UserName}"), (row.Action, row.Entity, row.EntityId, row.User));
        // The shipped settings run the demo clock without an anchor: plan time starts at the plan's adoption when the verb starts.
        Assert.InRange(row.At, CliClockTests.Adopted, CliClockTests.Adopted + (elapsed * new ClockOptions().DemoSpeed));
        return (row.BeforeJson is null ? null : JsonNode.Parse(row.BeforeJson), row.AfterJson is null ? null : JsonNode.Parse(row.AfterJson));
    }

    private async Task<int> AuditRowsAsync()
    {
        await using var db = _database.Open();
        return await db.Audit.CountAsync();
    }

    [Fact]
    public async Task Instances_retry_records_the_faulted_instance_running_again_and_a_refused_retry_records_nothing()
    {
        var (faulted, _) = await _database.InstancesAsync();
        var (before, after) = await AuditedAsync("instance-retried", "WorkflowInstance", faulted, "instances", "retry", Id(faulted));
        Assert.Equal(("Faulted", 1), (before!["status"]!.GetValue<string>(), before["openIncidents"]!.GetValue<int>()));
        Assert.Equal(0, after!["openIncidents"]!.GetValue<int>());
        Assert.NotEqual("Faulted", after["status"]!.GetValue<string>());

        Assert.Equal(1, CliRunner.Run("instances", "retry", Id(faulted), "--database", Path).ExitCode);
        Assert.Equal(1, await AuditRowsAsync());
    }

    [Fact]
    public async Task Instances_cancel_records_the_queued_mails_withdrawn()
    {
        var (_, waiting) = await _database.InstancesAsync();
        var (before, after) = await AuditedAsync("instance-cancelled", "WorkflowInstance", waiting, "instances", "cancel", Id(waiting), "--reason", "activity dropped");
        Assert.Equal(("Waiting", 1), (before!["status"]!.GetValue<string>(), before["queuedMails"]!.GetValue<int>()));
        Assert.Equal(("Cancelled", 0), (after!["status"]!.GetValue<string>(), after["queuedMails"]!.GetValue<int>()));
    }

    private async Task<(long Mail, long Obligation)> ReviewQueueAsync()
    {
        await using var db = await _database.SeededAsync();
        var obligation = await CliDatabase.ObligationAsync(db, "1.1.1");
        var mail = new InboundMessage
        {
            MessageId = "<in-1@test>", Mailbox = "INBOX", ReceivedAt = CliDatabase.Seeded, From = "ana@policija.me", Subject = "Our report",
            Kind = "report", Status = InboundStatus.Review, ResultJson = "{\"freeText\":\"We did it.\"}", Note = "no token",
        };
        db.Inbound.Add(mail);
        await db.SaveChangesAsync();
        return (mail.Id, obligation.Id);
    }

    [Fact]
    public async Task Inbox_review_attach_records_the_mail_leaving_the_queue_and_the_new_report()
    {
        var (mail, obligation) = await ReviewQueueAsync();
        var (before, after) = await AuditedAsync("mail-attached", "InboundMessage", mail, "inbox", "review", "attach", Id(mail), "--obligation", Id(obligation), "--status", "Implemented");
        Assert.Equal(("Review", 0), (before!["mail"]!["status"]!.GetValue<string>(), before["obligation"]!["reports"]!.GetValue<int>()));
        Assert.NotEqual("Review", after!["mail"]!["status"]!.GetValue<string>());
        Assert.Equal(1, after["obligation"]!["reports"]!.GetValue<int>());
    }

    [Fact]
    public async Task Inbox_review_discard_records_the_reason_and_a_mail_not_in_the_queue_records_nothing()
    {
        var (mail, _) = await ReviewQueueAsync();
        var (before, after) = await AuditedAsync("mail-discarded", "InboundMessage", mail, "inbox", "review", "discard", Id(mail), "--reason", "newsletter");
        Assert.Equal("Review", before!["mail"]!["status"]!.GetValue<string>());
        Assert.Contains("newsletter", after!["mail"]!["note"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(1, CliRunner.Run("inbox", "review", "discard", Id(mail), "--reason", "again", "--database", Path).ExitCode);
        Assert.Equal(1, await AuditRowsAsync());
    }

    [Fact]
    public async Task Reports_review_records_the_obligation_returned_with_its_latest_report()
    {
        var obligation = await _database.ReportedAsync("1.1.1");
        var (before, after) = await AuditedAsync("report-returned", "Obligation", obligation, "reports", "review", Id(obligation), "--return", "--comment", "Add the numbers");
        Assert.Equal(("Reported", 1), (before!["status"]!.GetValue<string>(), before["latestReport"]!["version"]!.GetValue<int>()));
        Assert.Null(before["latestReport"]!["review"]);
        Assert.Equal("Returned", after!["status"]!.GetValue<string>());
        Assert.Equal(("Returned", "Add the numbers"), (after["latestReport"]!["review"]!.GetValue<string>(), after["latestReport"]!["reviewComment"]!.GetValue<string>()));
    }

    private async Task<(long Request, long Obligation)> ExtensionAsync()
    {
        await using var db = await _database.SeededAsync();
        var obligation = await CliDatabase.ObligationAsync(db, "1.1.1");
        var request = await new Extensions(new EngineOptions()).RequestAsync(db, obligation.Id, new DateOnly(2013, 9, 30), "Survey late", "Ana", null, CliDatabase.Seeded);
        return (request.Id, obligation.Id);
    }

    [Fact]
    public async Task Extensions_approve_records_the_moved_due_date()
    {
        var (request, _) = await ExtensionAsync();
        var (before, after) = await AuditedAsync("extension-approved", "ExtensionRequest", request, "extensions", "approve", Id(request), "--comment", "Agreed");
        Assert.Equal(("Requested", "2013-07-01"), (before!["status"]!.GetValue<string>(), before["dueDate"]!.GetValue<string>()));
        Assert.Equal(("Approved", "2013-09-30"), (after!["status"]!.GetValue<string>(), after["dueDate"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Extensions_decline_records_the_reason_and_a_second_decision_records_nothing()
    {
        var (request, _) = await ExtensionAsync();
        var (before, after) = await AuditedAsync("extension-declined", "ExtensionRequest", request, "extensions", "decline", Id(request), "--comment", "Needed for the Working Group");
        Assert.Equal("Requested", before!["status"]!.GetValue<string>());
        Assert.Equal(("Declined", "Needed for the Working Group", "2013-07-01"), (after!["status"]!.GetValue<string>(), after["officeComment"]!.GetValue<string>(), after["dueDate"]!.GetValue<string>()));

        Assert.Equal(1, CliRunner.Run("extensions", "approve", Id(request), "--database", Path).ExitCode);
        Assert.Equal(1, await AuditRowsAsync());
    }

    [Fact]
    public async Task Tokens_revoke_records_the_revocation_without_the_token()
    {
        var (id, token) = await _database.TokenAsync();
        var (before, after) = await AuditedAsync("token-revoked", "ReplyToken", id, "tokens", "revoke", Id(id));
        Assert.Null(before!["tokens"]![0]!["revokedAt"]);
        Assert.NotNull(after!["tokens"]![0]!["revokedAt"]);
        await using var db = _database.Open();
        var row = await db.Audit.AsNoTracking().SingleAsync();
        Assert.DoesNotContain(token, row.BeforeJson + row.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain((await db.ReplyTokens.SingleAsync()).Hash, row.BeforeJson + row.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_reissue_records_the_old_token_revoked_and_the_new_one_issued()
    {
        var (id, _) = await _database.TokenAsync();
        var (before, after) = await AuditedAsync("token-reissued", "ReplyToken", id, "tokens", "reissue", Id(id));
        Assert.Single(before!["tokens"]!.AsArray());
        var tokens = after!["tokens"]!.AsArray();
        Assert.Equal(2, tokens.Count);
        Assert.NotNull(tokens[0]!["revokedAt"]);
        Assert.Null(tokens[1]!["revokedAt"]);
    }
}
