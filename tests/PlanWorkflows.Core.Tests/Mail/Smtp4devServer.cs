using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace PlanWorkflows.Core.Tests.Mail;

/// <summary>
/// A real smtp4dev (the dotnet tool of this repository) on free loopback ports, with its IMAP
/// server for reading back what was delivered.
/// </summary>
public sealed class Smtp4devServer : IAsyncDisposable
{
    private readonly Process _process;

    private Smtp4devServer(Process process, int smtpPort, int imapPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        ImapPort = imapPort;
    }

    public int SmtpPort { get; }
    public int ImapPort { get; }

    public static async Task<Smtp4devServer> StartAsync(params string[] extraArguments)
    {
        int smtp = FreePort(), imap = FreePort(), web = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{web}", $"--smtpport={smtp}", $"--imapport={imap}", "--pop3port=", "--db=", "--nousersettings", "--hostname=localhost", "--bindaddress=127.0.0.1", "--tlsmode=None", "--messagestokeep=20000" }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start smtp4dev");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Smtp4devServer(process, smtp, imap);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await AcceptsAsync(smtp) || !await AcceptsAsync(imap))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"smtp4dev did not start (exit {(process.HasExited ? process.ExitCode : -1)})");
            }

            // Waiting for a child process to open its port is real time by nature; nothing here waits for a schedule.
            await Task.Delay(200);
        }

        return server;
    }

    /// <summary>
    /// The messages in the mailbox once there are at least <paramref name="expected"/>: smtp4dev stores
    /// a mail a moment after accepting it over SMTP, so reading at once can come too early.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync(int expected, string user = "reader", string password = "reader")
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var messages = await MessagesAsync(user, password);
            if (messages.Count >= expected || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>How many messages the mailbox holds, without downloading them (the benchmark counts thousands).</summary>
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

    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync(string user = "reader", string password = "reader")
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(user, password);
        var inbox = imap.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var messages = new List<MimeMessage>();
        for (var i = 0; i < inbox.Count; i++)
        {
            messages.Add(await inbox.GetMessageAsync(i));
        }

        await imap.DisconnectAsync(true);
        return messages;
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

    public static int FreePort()
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
