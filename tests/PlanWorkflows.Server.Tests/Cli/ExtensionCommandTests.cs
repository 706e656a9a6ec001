using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Workflows.Runtime;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class ExtensionCommandTests
{
    private static readonly DateTime Now = new(2013, 6, 20, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A migrated database with two requested extensions on two obligations of one institution.</summary>
    private static async Task<(string Path, long First, long Second, long FirstObligation, long WaitingInstance)> SeedAsync(TempFolder temp)
    {
        var path = temp.File("plan.db");
        await using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={path};Pooling=False" });
        await db.Database.MigrateAsync();
        db.Institutions.AddRange(
            new InstitutionRecord { Id = "police", NameEn = "Police Directorate", NameCnr = "Uprava policije", Contacts = [new ContactRecord { Role = "focalPoint", Name = "Ana", Email = "ana@policija.me", Language = "cnr" }] },
            new InstitutionRecord { Id = "moi-office", NameEn = "Office", NameCnr = "Kancelarija", Contacts = [new ContactRecord { Role = "focalPoint", Name = "Office", Email = "office@gov.me", Language = "en" }] });
        Obligation Make(string code) => new()
        {
            ActivityKey = $"area/{code}", InstitutionId = "police", PeriodLabel = "2013-H1", PeriodStart = new DateOnly(2013, 1, 1), PeriodEnd = new DateOnly(2013, 6, 30),
            NominalDue = new DateOnly(2013, 7, 1), DueDate = new DateOnly(2013, 7, 1), Status = ObligationStatus.Reminded, CreatedAt = Now, UpdatedAt = Now,
        };
        var a = Make("1.1.1");
        var b = Make("1.1.2");
        db.Obligations.AddRange(a, b);
        await db.SaveChangesAsync();
        var instance = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = a.Id, Status = InstanceStatus.Waiting, CreatedAt = Now, UpdatedAt = Now };
        db.Instances.Add(instance);
        await db.SaveChangesAsync();
        var extensions = new Extensions(new EngineOptions());
        var first = await extensions.RequestAsync(db, a.Id, new DateOnly(2013, 9, 30), "Survey\tlate\nin summer", "Ana", null, Now);
        var second = await extensions.RequestAsync(db, b.Id, new DateOnly(2013, 8, 15), "Staff on leave", "Ana", null, Now);
        return (path, first.Id, second.Id, a.Id, instance.Id);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task List_approve_and_decline_work_on_a_database_file()
    {
        using var temp = new TempFolder();
        var (path, first, second, obligation, instance) = await SeedAsync(temp);

        var list = CliRunner.Run("extensions", "list", "--database", path, "--status", "Requested");
        Assert.Equal(0, list.ExitCode);
        // Not trimmed: an undecided request ends in an empty last column.
        var lines = list.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("id\tstatus\tobligation", lines[0], StringComparison.Ordinal);
        Assert.Equal([Id(first), "Requested", Id(obligation), "area/1.1.1", "police", "2013-H1", "2013-07-01", "2013-09-30", "Ana", "Survey late in summer", ""], lines[1].Split('\t'));

        var approve = CliRunner.Run("extensions", "approve", Id(first), "--database", path, "--by", "office.user", "--comment", "Agreed");
        Assert.Equal(0, approve.ExitCode);
        Assert.Equal($"extension {first}: approved; obligation {obligation} is due 2013-09-30", approve.Output.Trim());

        var noComment = CliRunner.Run("extensions", "decline", Id(second), "--database", path);
        Assert.NotEqual(0, noComment.ExitCode);
        var decline = CliRunner.Run("extensions", "decline", Id(second), "--database", path, "--by", "office.user", "--comment", "Needed for the Working Group");
        Assert.Equal(0, decline.ExitCode);
        Assert.Contains("declined; obligation", decline.Output, StringComparison.Ordinal);
        Assert.Contains("is due 2013-07-01", decline.Output, StringComparison.Ordinal);

        var twice = CliRunner.Run("extensions", "approve", Id(second), "--database", path);
        Assert.Equal(1, twice.ExitCode);
        // The shipped settings run the demo clock without an anchor, which the verb warns about first.
        Assert.EndsWith($"\nerror: extension request {second} was already declined by office.user", twice.Error.Trim(), StringComparison.Ordinal);
        var unknown = CliRunner.Run("extensions", "approve", "999", "--database", path);
        Assert.EndsWith("\nerror: no extension request 999", unknown.Error.Trim(), StringComparison.Ordinal);

        var requested = CliRunner.Run("extensions", "list", "--database", path, "--status", "Requested");
        Assert.Single(requested.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var all = CliRunner.Run("extensions", "list", "--database", path);
        Assert.Contains("\tApproved\t", all.Output, StringComparison.Ordinal);
        Assert.Contains("by office.user: Needed for the Working Group", all.Output, StringComparison.Ordinal);

        await using var db = PlanDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={path};Pooling=False" });
        var moved = await db.Obligations.SingleAsync(o => o.Id == obligation);
        Assert.Equal(new DateOnly(2013, 9, 30), moved.DueDate);
        Assert.Equal(ObligationStatus.Extended, moved.Status);
        Assert.Single(await db.Timers.Where(t => t.InstanceId == instance && t.Kind == TimerKind.Signal && t.Payload!.Contains("due-changed")).ToListAsync());
        var mails = await db.Outbox.OrderBy(o => o.Id).Select(o => new { o.Template, o.To }).ToListAsync();
        Assert.Equal(["extension-requested", "extension-requested", "extension-approved", "extension-declined"], mails.Select(m => m.Template));
        Assert.Equal(["office@gov.me", "office@gov.me", "ana@policija.me", "ana@policija.me"], mails.Select(m => m.To));
    }
}
