using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Mail;

public enum TokenCheck { Valid, Unknown, Expired, Revoked }

public sealed record TokenLookup(TokenCheck Check, ReplyToken? Token);

/// <summary>
/// Reply tokens: 128 random bits, shown once in a mail (form link and reply address), stored only
/// as a SHA-256 hash, scoped to one institution's round, expiring after the round closes.
/// </summary>
public static class ReplyTokens
{
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? string.Empty)));

    public static ReplyToken Issue(PlanDbContext db, string token, string institutionId, string round, string language, DateTime now, DateTime expiresAt, string? messageId)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = new ReplyToken
        {
            Hash = Hash(token),
            InstitutionId = institutionId,
            Round = round,
            Language = language,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            MessageId = messageId,
        };
        db.ReplyTokens.Add(row);
        return row;
    }

    /// <summary>What a presented token is worth. A token that is not well formed is simply unknown.</summary>
    public static async Task<TokenLookup> CheckAsync(PlanDbContext db, string? token, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(token) || token.Length is < 16 or > 64 || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return new TokenLookup(TokenCheck.Unknown, null);
        }

        var hash = Hash(token);
        var row = await db.ReplyTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken).ConfigureAwait(false);
        return row switch
        {
            null => new TokenLookup(TokenCheck.Unknown, null),
            { RevokedAt: not null } => new TokenLookup(TokenCheck.Revoked, row),
            _ when row.ExpiresAt <= now => new TokenLookup(TokenCheck.Expired, row),
            _ => new TokenLookup(TokenCheck.Valid, row),
        };
    }

    /// <summary>The Office withdraws a link (sent to the wrong person) and gets a fresh one for the same round.</summary>
    public static async Task<string> ReissueAsync(PlanDbContext db, long tokenId, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var old = await db.ReplyTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no reply token {tokenId}");
        old.RevokedAt ??= now;
        var token = NewToken();
        Issue(db, token, old.InstitutionId, old.Round, old.Language, now, old.ExpiresAt > now ? old.ExpiresAt : now.AddDays(30), null);
        return token;
    }

    public static async Task<bool> RevokeAsync(PlanDbContext db, long tokenId, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.ReplyTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken).ConfigureAwait(false);
        if (row is null || row.RevokedAt is not null)
        {
            return false;
        }

        row.RevokedAt = now;
        return true;
    }
}
