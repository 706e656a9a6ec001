using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Integration.Tests;

/// <summary>
/// One run of the service as operators start it: one SQLite file (WAL) shared by every process, a
/// small catalogue, a demo clock all processes agree on (same start, speed and anchor), and a real
/// mail server. Processes are started with <see cref="Start"/> and all killed at the end.
/// </summary>
internal sealed class ServiceRun : IAsyncDisposable
{
    private readonly List<ServerProcess> _processes = [];
    private readonly List<WebApplication> _hosts = [];

    /// <param name="lead">Real time until the demo clock shows <paramref name="demoStart"/>: what starting the service takes.</param>
    public ServiceRun(DateTimeOffset demoStart, double speed, int smtpPort, TimeSpan lead)
    {
        DemoStart = demoStart;
        Speed = speed;
        SmtpPort = smtpPort;
        Anchor = DateTimeOffset.UtcNow + lead;
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("planworkflows-run-").FullName;

    public string DatabasePath => Path.Combine(Folder, "plan.db");

    /// <summary>The database every process of the run shares: a SQLite file in <see cref="Folder"/> unless set (a server database).</summary>
    public DatabaseOptions Database
    {
        get => _database ?? new DatabaseOptions { ConnectionString = $"Data Source={DatabasePath};Pooling=False" };
        init => _database = value;
    }

    private readonly DatabaseOptions? _database;

    public string Catalogue { get; init; } = Path.Combine(AppContext.BaseDirectory, "ScaleOut", "scale-plan.yaml");

    public DateTimeOffset DemoStart { get; }
    public double Speed { get; }
    public DateTimeOffset Anchor { get; }
    public int SmtpPort { get; }
    public int WebPort { get; } = Smtp4devServer.FreePort();

    public IReadOnlyList<ServerProcess> Processes => _processes;

    /// <summary>Plan time as every process of the run computes it.</summary>
    public DateTimeOffset Now => DemoStart + TimeSpan.FromTicks((long)((DateTimeOffset.UtcNow - Anchor).Ticks * Speed));

    public string[] Arguments(string roles, params string[] extra)
    {
        var port = roles.Contains("web", StringComparison.Ordinal) ? WebPort : 0;
        return [
            $"--urls=http://127.0.0.1:{port}",
            $"--Service:Roles={roles}",
            $"--Database:Provider={Database.Provider}",
            $"--Database:ConnectionString={(_database is null ? $"Data Source={DatabasePath}" : Database.ConnectionString)}",
            $"--Catalogue:Path={Catalogue}",
            "--Clock:Mode=Demo",
            $"--Clock:DemoSpeed={Speed.ToString(CultureInfo.InvariantCulture)}",
            $"--Clock:DemoStart={DemoStart:O}",
            $"--Clock:DemoAnchor={Anchor:O}",
            "--Outbox:Smtp:Host=127.0.0.1",
            $"--Outbox:Smtp:Port={SmtpPort}",
            "--Outbox:Smtp:Security=None",
            "--Outbox:Smtp:Timeout=00:00:05",
            $"--Outbox:PickupFolder={Path.Combine(Folder, "pickup")}",
            $"--Packs:ArchiveFolder={Path.Combine(Folder, "packs")}",
            $"--Mail:FormBaseUrl=http://127.0.0.1:{WebPort}/form",
            // Leases in real time (stretched by the demo speed): long enough for a batch on a loaded machine,
            // short enough that a killed worker's work is taken over within the test.
            "--Engine:LeaseDuration=00:00:15",
            "--Outbox:ClaimDuration=00:00:15",
            "--Service:PollInterval=00:00:00.500",
            "--Forms:RequestsPerMinute=100000",
            "--Logging:LogLevel:Default=Information",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
            .. extra,
        ];
    }

    public ServerProcess Start(string name, string roles, params string[] extra)
    {
        var process = ServerProcess.Start(name, Arguments(roles, extra));
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// The service in this test process (worker role), built as the executable builds it; <paramref name="replace"/>
    /// may swap a registration for a fault no real means can produce.
    /// </summary>
    public async Task<WebApplication> StartInProcessAsync(Action<IServiceCollection>? replace, params string[] extra)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = Arguments("worker", [.. extra, "--Logging:LogLevel:Default=Warning"]), ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddPlanWorkflows(builder.Configuration);
        replace?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapPlanWorkflows();
        await app.StartAsync();
        _hosts.Add(app);
        return app;
    }

    /// <summary>Stops the in-process hosts, so what is checked afterwards cannot change under the check.</summary>
    public async Task StopHostsAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }

        _hosts.Clear();
    }

    public PlanDbContext Db() => PlanDatabase.Create(Database);

    /// <summary>Polls (real time: other processes are working) until <paramref name="done"/> holds.</summary>
    public async Task WaitForAsync(string what, Func<PlanDbContext, Task<bool>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = Db())
            {
                if (await done(db))
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds:0} s (plan time {Now:yyyy-MM-dd HH:mm}).\n{Logs()}");
            }

            await Task.Delay(250);
        }
    }

    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name} (exited: {p.HasExited}) ---\n{string.Join('\n', p.Output.Split('\n').TakeLast(60))}"));

    public async ValueTask DisposeAsync()
    {
        await StopHostsAsync();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        // For a look at a failed run's database and logs: PLANWORKFLOWS_KEEP_RUNS=1 keeps the folder.
        if (Environment.GetEnvironmentVariable("PLANWORKFLOWS_KEEP_RUNS") == "1")
        {
            await File.WriteAllTextAsync(Path.Combine(Folder, "processes.log"), string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Output}")));
            return;
        }

        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>Reads what arrived at the mail server, keeping its place, so a long run reads each message once.</summary>
internal sealed class MailboxReader(int imapPort) : IAsyncDisposable
{
    private readonly ImapClient _client = new();
    private readonly List<MimeMessage> _all = [];

    public IReadOnlyList<MimeMessage> All => _all;

    public async Task<IReadOnlyList<MimeMessage>> NewAsync()
    {
        if (!_client.IsConnected)
        {
            await _client.ConnectAsync("127.0.0.1", imapPort, SecureSocketOptions.None);
            await _client.AuthenticateAsync("reader", "reader");
            await _client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        }

        // smtp4dev shows a new message to an open folder on the next command.
        await _client.NoOpAsync();
        var fresh = new List<MimeMessage>();
        for (var i = _all.Count; i < _client.Inbox.Count; i++)
        {
            fresh.Add(await _client.Inbox.GetMessageAsync(i));
        }

        _all.AddRange(fresh);
        return fresh;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(true);
        }

        _client.Dispose();
    }
}
