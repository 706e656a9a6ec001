using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>The repository's smtp4dev dotnet tool on free loopback ports (as the Core tests start it), run from the repository root.</summary>
internal sealed class Smtp4devProcess : IAsyncDisposable
{
    private readonly Process _process;

    private Smtp4devProcess(Process process, int smtpPort, int imapPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        ImapPort = imapPort;
    }

    public int SmtpPort { get; }

    public int ImapPort { get; }

    public static async Task<Smtp4devProcess> StartAsync()
    {
        int smtp = FreePort(), imap = FreePort(), web = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(RepoFiles.Workflows)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{web}", $"--smtpport={smtp}", $"--imapport={imap}", "--pop3port=", "--db=", "--nousersettings", "--hostname=localhost", "--bindaddress=127.0.0.1", "--tlsmode=None", "--messagestokeep=20000" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start smtp4dev");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Smtp4devProcess(process, smtp, imap);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await AcceptsAsync(smtp) || !await AcceptsAsync(imap))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"smtp4dev did not start (exit {(process.HasExited ? process.ExitCode : -1)})");
            }

            await Task.Delay(200);
        }

        return server;
    }

    /// <summary>How many messages smtp4dev holds, read over its IMAP server.</summary>
    public async Task<int> CountAsync()
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync("reader", "reader");
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var count = imap.Inbox.Count;
        await imap.DisconnectAsync(true);
        return count;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
