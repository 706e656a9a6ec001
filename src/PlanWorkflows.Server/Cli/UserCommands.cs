using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Cli;

/// <summary>
/// <c>users add --email --name --role</c> and <c>users list</c>: local accounts of the Office web app. The password is
/// read from standard input or typed at a prompt, never given as an argument (it would stay in the shell history).
/// </summary>
internal static class UserCommands
{
    public static Command Build()
    {
        var users = new Command("users", "Local accounts of the Office web app.");
        users.Options.Add(CliConfiguration.DatabaseFile);
        users.Subcommands.Add(Add());
        users.Subcommands.Add(List());
        users.Subcommands.Add(Change("unlock", "Lift a lockout after failed sign-ins.", "user-unlocked", u =>
        {
            u.LockedUntil = null;
            u.FailedSignIns = 0;
        }));
        users.Subcommands.Add(Change("disable", "Stop an account from signing in; its open sessions end at their next request.", "user-disabled", u => u.Disabled = true));
        users.Subcommands.Add(Change("enable", "Let a disabled account sign in again.", "user-enabled", u => u.Disabled = false));
        return users;
    }

    private static Command Add()
    {
        var email = new Option<string>("--email") { Description = "Sign-in address.", Required = true };
        var name = new Option<string>("--name") { Description = "Name shown in the app and the audit log.", Required = true };
        var role = new Option<string>("--role") { Description = "Office (everything), Secretary (packs, status, reading) or Viewer (reading).", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var command = new Command("add", "Create an account; the password is asked for (or read from standard input).") { email, name, role, stdin };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var configuration = CliConfiguration.Load();
            var options = new OfficeOptions();
            configuration.GetSection(OfficeOptions.SectionName).Bind(options);
            var password = result.GetValue(stdin) || Console.IsInputRedirected ? Console.In.ReadLine() ?? string.Empty : Prompt(result);
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            try
            {
                var user = new OfficeUsers(options, CliConfiguration.Clock(result))
                    .AddAsync(db, result.GetValue(email)!, result.GetValue(name)!, result.GetValue(role)!, password, $"cli:{Environment.UserName}")
                    .GetAwaiter().GetResult();
                CliIo.Out(result).WriteLine($"user {user.Email} added as {user.Role}");
            }
            catch (OfficeUserException ex)
            {
                throw new CliException($"--{ex.Field}: {ex.Message}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Change(string name, string description, string action, Action<OfficeUser> change)
    {
        var email = new Option<string>("--email") { Description = "The account's sign-in address.", Required = true };
        var command = new Command(name, description) { email };
        command.SetAction(result => CliIo.Run(result, () =>
        {
            var options = new OfficeOptions();
            CliConfiguration.Load().GetSection(OfficeOptions.SectionName).Bind(options);
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            var address = OfficeUsers.NormalizeEmail(result.GetValue(email)!);
            if (!new OfficeUsers(options, CliConfiguration.Clock(result)).ChangeAsync(db, address, action, change, $"cli:{Environment.UserName}").GetAwaiter().GetResult())
            {
                throw new CliException($"--email: no account {address}");
            }

            CliIo.Out(result).WriteLine($"user {address}: {action[5..]}");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Accounts with their role, lockout and last sign-in.");
        command.SetAction(result => CliIo.Run(result, () =>
        {
            using var db = PlanDatabase.Create(CliConfiguration.Database(result));
            // Lockouts are set on the clock the service sets them on.
            var now = OfficeUsers.LockoutClock(CliConfiguration.Clock(result)).GetUtcNow().UtcDateTime;
            var writer = CliIo.Out(result);
            writer.WriteLine("email\tname\trole\tstate\tlast sign-in");
            // Sorted here, not by the database: its collation orders text differently on each provider.
            foreach (var u in db.Users.AsNoTracking().ToList().OrderBy(u => u.Email, StringComparer.Ordinal))
            {
                var state = u.Disabled ? "disabled" : u.LockedUntil is { } until && until > now ? $"locked until {Iso(until)}" : "active";
                writer.WriteLine(string.Join('\t', u.Email, u.Name, u.Role, state, u.LastSignInAt is { } at ? Iso(at) : "never"));
            }

            return 0;
        }));
        return command;
    }

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Prompt(ParseResult result)
    {
        var first = ReadHidden(result, "Password: ");
        var second = ReadHidden(result, "Repeat password: ");
        return first == second ? first : throw new CliException("the passwords do not match");
    }

    private static string ReadHidden(ParseResult result, string prompt)
    {
        CliIo.Error(result).Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                CliIo.Error(result).WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
