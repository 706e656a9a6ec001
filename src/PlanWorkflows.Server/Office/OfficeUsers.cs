using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Server.Office;

public enum SignInOutcome { Success, Failed, LockedOut }

public sealed record SignInResult(SignInOutcome Outcome, OfficeUser? User, DateTime? LockedUntil = null);

/// <summary>A refused account change, with the field it concerns.</summary>
public sealed class OfficeUserException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Local accounts: creation, password checks and lockout. Only Identity's password hasher is used, not its stores.</summary>
public sealed class OfficeUsers(OfficeOptions options, TimeProvider time)
{
    private static readonly PasswordHasher<OfficeUser> Hasher = new();

    // Checked against when the address is unknown, so an unknown address costs as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(new OfficeUser(), "not a password of anyone");

    // A lockout slows down a person guessing passwords, so it runs in real time even when the plan runs on the demo clock.
    private readonly TimeProvider _lockoutClock = LockoutClock(time);

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The clock lockouts are set and read on: the service's, or the real clock under a demo clock.</summary>
    public static TimeProvider LockoutClock(TimeProvider serviceClock) => serviceClock is DemoTimeProvider demo ? demo.Real : serviceClock;

    public async Task<OfficeUser> AddAsync(PlanDbContext db, string email, string name, string role, string password, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        email = NormalizeEmail(email ?? string.Empty);
        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            throw new OfficeUserException("email", $"'{email}' is not an e-mail address");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new OfficeUserException("name", "a name is required");
        }

        var canonical = OfficeRoles.Normalize(role) ?? throw new OfficeUserException("role", $"role '{role}' is not one of {string.Join(", ", OfficeRoles.All)}");
        if ((password ?? string.Empty).Length < options.MinPasswordLength)
        {
            throw new OfficeUserException("password", $"the password must have at least {options.MinPasswordLength} characters");
        }

        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false))
        {
            throw new OfficeUserException("email", $"an account for {email} already exists");
        }

        var createdAt = time.GetUtcNow().UtcDateTime;
        var hash = Hasher.HashPassword(new OfficeUser { Email = email }, password!);
        OfficeUser? user = null;
        await OfficeAudit.ChangeAsync(db, by, "user-added", "User", email, createdAt,
            before: () => Task.FromResult<object?>(null),
            change: () =>
            {
                // A new object per attempt: one a failed attempt inserted carries a key the database never kept.
                user = new OfficeUser { Email = email, Name = name.Trim(), Role = canonical, CreatedAt = createdAt, PasswordHash = hash };
                db.Users.Add(user);
                return Task.CompletedTask;
            },
            after: () => Task.FromResult<object?>(Snapshot(user!)),
            cancellationToken).ConfigureAwait(false);
        return user!;
    }

    /// <summary>An audited change of an existing account (unlock, disable, enable); false when there is no such account.</summary>
    public async Task<bool> ChangeAsync(PlanDbContext db, string email, string action, Action<OfficeUser> change, string by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        email = NormalizeEmail(email ?? string.Empty);
        var now = time.GetUtcNow().UtcDateTime;
        OfficeUser? user = null;
        return await OfficeAudit.ChangeAsync(db, by, action, "User", email, now,
            before: async () =>
            {
                user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false);
                return user is null ? null : Snapshot(user);
            },
            change: () =>
            {
                if (user is null)
                {
                    return Task.FromResult(false);
                }

                change(user);
                return Task.FromResult(true);
            },
            after: () => Task.FromResult<object?>(Snapshot(user!)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the audit log keeps of an account: never the hash.</summary>
    public static object Snapshot(OfficeUser user) => new { user.Email, user.Name, user.Role, user.Disabled, user.LockedUntil };

    /// <summary>Checks a password; counts failures and locks the account after <see cref="OfficeOptions.LockoutThreshold"/> in a row.</summary>
    public async Task<SignInResult> CheckAsync(PlanDbContext db, string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        email = NormalizeEmail(email ?? string.Empty);
        var now = time.GetUtcNow().UtcDateTime;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, cancellationToken).ConfigureAwait(false);
        if (user is null || user.Disabled)
        {
            Hasher.VerifyHashedPassword(new OfficeUser(), DummyHash, password ?? string.Empty);
            return new SignInResult(SignInOutcome.Failed, null);
        }

        var lockNow = _lockoutClock.GetUtcNow().UtcDateTime;
        if (user.LockedUntil is { } lockedUntil && lockedUntil > lockNow)
        {
            // Not even a right password opens a locked account: that is what stops guessing.
            return new SignInResult(SignInOutcome.LockedOut, user, lockedUntil);
        }

        var verified = Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? string.Empty);
        if (verified == PasswordVerificationResult.Failed)
        {
            // Counted in the database, not in memory: guesses sent in parallel each count.
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(x => x.SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1), cancellationToken).ConfigureAwait(false);
            var until = lockNow + options.LockoutDuration;
            // Taken before any attempt: a retried attempt must not see the lock the failed one set.
            var before = System.Text.Json.JsonSerializer.Serialize(Snapshot(user), OfficeAudit.Json);
            var locked = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                try
                {
                    var threshold = options.LockoutThreshold;
                    // Only the request that reaches the threshold locks; the lock and its audit row commit together.
                    var rows = await db.Users.Where(u => u.Id == user.Id && u.FailedSignIns >= threshold)
                        .ExecuteUpdateAsync(x => x.SetProperty(u => u.LockedUntil, until).SetProperty(u => u.FailedSignIns, 0), ct).ConfigureAwait(false);
                    if (rows == 1)
                    {
                        user.LockedUntil = until;
                        db.Audit.Add(new AuditEntry
                        {
                            At = now, User = "sign-in", Action = "user-locked", Entity = "User", EntityId = user.Email,
                            BeforeJson = before, AfterJson = System.Text.Json.JsonSerializer.Serialize(Snapshot(user), OfficeAudit.Json),
                        });
                        await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return rows == 1;
                }
                catch
                {
                    // A retry starts from nothing tracked: no second audit row from this attempt's.
                    db.ChangeTracker.Clear();
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
            if (locked)
            {
                return new SignInResult(SignInOutcome.LockedOut, user, until);
            }

            return new SignInResult(SignInOutcome.Failed, null);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = Hasher.HashPassword(user, password!);
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        user.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new SignInResult(SignInOutcome.Success, user);
    }
}
