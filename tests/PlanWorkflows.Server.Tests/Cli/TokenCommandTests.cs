using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Tests.Cli;

public sealed class TokenCommandTests
{
    [Fact]
    public async Task Office_revokes_a_link_and_reissues_a_fresh_one_for_the_same_round()
    {
        using var temp = new TempFolder();
        var path = temp.File("plan.db");
        var options = new DatabaseOptions { ConnectionString = $"Data Source={path};Pooling=False" };
        var now = DateTime.UtcNow;
        var original = ReplyTokens.NewToken();
        long id;
        await using (var db = PlanDatabase.Create(options))
        {
            await db.Database.MigrateAsync();
            id = ReplyTokens.Issue(db, original, "police-directorate", "2013-H1", "cnr", now, now.AddDays(30), null).Id;
            await db.SaveChangesAsync();
            id = (await db.ReplyTokens.SingleAsync()).Id;
        }

        var list = CliRunner.Run("tokens", "list", "--database", path);
        Assert.Contains($"{id}\tpolice-directorate\t2013-H1", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(original, list.Output, StringComparison.Ordinal);

        var reissued = CliRunner.Run("tokens", "reissue", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", path);
        Assert.Equal(0, reissued.ExitCode);
        var link = reissued.Output.Trim();
        Assert.Matches(@"/form/[A-Za-z0-9_-]{22}$", link);
        var fresh = link[(link.LastIndexOf('/') + 1)..];

        await using (var db = PlanDatabase.Create(options))
        {
            Assert.Equal(TokenCheck.Revoked, (await ReplyTokens.CheckAsync(db, original, now)).Check);
            var check = await ReplyTokens.CheckAsync(db, fresh, now);
            Assert.Equal(TokenCheck.Valid, check.Check);
            Assert.Equal(("police-directorate", "2013-H1"), (check.Token!.InstitutionId, check.Token.Round));
        }

        var again = CliRunner.Run("tokens", "revoke", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", path);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already revoked", again.Error, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
    }
}
