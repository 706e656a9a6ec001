using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Cli;

/// <summary><c>tokens list | revoke | reissue</c>: the Office withdraws a form link sent to the wrong person and issues a fresh one.</summary>
internal static class TokenCommands
{
    public static Command Build()
    {
        var tokens = new Command("tokens", "Reply tokens (form links and reply addresses).");
        tokens.Options.Add(CliConfiguration.DatabaseFile);
        tokens.Subcommands.Add(List());
        tokens.Subcommands.Add(Revoke());
        tokens.Subcommands.Add(Reissue());
        return tokens;
    }

    private static Command List()
    {
        var institution = new Option<string?>("--institution") { Description = "Only this institution's tokens." };
        var command = new Command("list", "Tokens with their institution, round, expiry and state (never the tokens themselves).") { institution };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var query = db.ReplyTokens.AsNoTracking();
            if (result.GetValue(institution) is { } id)
            {
                query = query.Where(t => t.InstitutionId == id);
            }

            var writer = CliIo.Out(result);
            writer.WriteLine("id\tinstitution\tround\tcreated\texpires\tstate");
            foreach (var t in query.OrderBy(t => t.Id))
            {
                writer.WriteLine($"{t.Id}\t{t.InstitutionId}\t{t.Round}\t{t.CreatedAt:yyyy-MM-dd}\t{t.ExpiresAt:yyyy-MM-dd}\t{(t.RevokedAt is null ? "active" : $"revoked {t.RevokedAt:yyyy-MM-dd}")}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<long>("id") { Description = "Token id (from 'list')." };
        var command = new Command("revoke", "Withdraw a token: its form link and reply address stop working.") { id };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var tokenId = result.GetValue(id);
            var now = CliAudit.Now(result);
            if (!CliAudit.Change(db, "token-revoked", "ReplyToken", tokenId, now, () => SnapshotAsync(db, tokenId), () => ReplyTokens.RevokeAsync(db, tokenId, now)))
            {
                throw new CliException($"token {tokenId} does not exist or is already revoked");
            }

            CliIo.Out(result).WriteLine($"token {result.GetValue(id)} revoked");
            return 0;
        }));
        return command;
    }

    private static Command Reissue()
    {
        var id = new Argument<long>("id") { Description = "Token id (from 'list')." };
        var command = new Command("reissue", "Revoke a token and print a fresh form link for the same round (shown once; only its hash is stored).") { id };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var tokenId = result.GetValue(id);
            var now = CliAudit.Now(result);
            var token = string.Empty;
            try
            {
                CliAudit.Change(db, "token-reissued", "ReplyToken", tokenId, now, () => SnapshotAsync(db, tokenId), async () =>
                {
                    token = await ReplyTokens.ReissueAsync(db, tokenId, now).ConfigureAwait(false);
                    return true;
                });
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }

            var mail = new MailOptions();
            CliConfiguration.Load().GetSection(MailOptions.SectionName).Bind(mail);
            CliIo.Out(result).WriteLine(mail.FormUrl(token));
            return 0;
        }));
        return command;
    }

    /// <summary>The tokens of the token's institution and round (never the tokens or their hashes), so a reissue shows the old one revoked and the new one issued.</summary>
    private static async Task<object?> SnapshotAsync(PlanDbContext db, long tokenId)
    {
        var token = await db.ReplyTokens.AsNoTracking().Where(t => t.Id == tokenId).Select(t => new { t.InstitutionId, t.Round }).FirstOrDefaultAsync().ConfigureAwait(false);
        return token is null ? null : new
        {
            token.InstitutionId,
            token.Round,
            Tokens = await db.ReplyTokens.AsNoTracking().Where(t => t.InstitutionId == token.InstitutionId && t.Round == token.Round).OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.CreatedAt, t.ExpiresAt, t.RevokedAt }).ToListAsync().ConfigureAwait(false),
        };
    }
}
