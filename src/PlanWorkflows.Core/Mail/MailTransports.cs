using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace PlanWorkflows.Core.Mail;

/// <summary>Where a composed message goes.</summary>
public interface IMailTransport : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// SMTP through MailKit over one reused connection, reconnecting when the server dropped it.
/// Stopping cancels connecting at once, and a message under way only after one more timeout.
/// The socket is opened here with Nagle's algorithm off: MailKit writes a message as a large
/// buffer followed by a small tail (the rest and the terminating dot), and with Nagle on the tail
/// waits for the server's delayed ACK — 10–50 ms per message on Linux, capping one connection at
/// 20–90 mails a second however fast the server is.
/// </summary>
public sealed class SmtpMailTransport(SmtpOptions options) : IMailTransport
{
    private readonly SmtpClient _client = new() { Timeout = (int)options.Timeout.TotalMilliseconds };

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            var host = options.Host ?? throw new InvalidOperationException("Outbox:Smtp:Host is not set");
            var socket = await OpenAsync(host, cancellationToken).ConfigureAwait(false);
            try
            {
                await _client.ConnectAsync(socket, host, options.Port, options.Security, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            if (!string.IsNullOrEmpty(options.UserName))
            {
                try
                {
                    await _client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // A connection left open after a refused login would be reused next round without one.
                    await _client.DisconnectAsync(quit: false, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }
        }

        // Once the server has been handed a message it is not abandoned because the host is stopping:
        // a transaction cut after the final dot delivers the mail while the outbox never learns it was
        // sent, and the mail goes out again. A stop gives the message one more timeout to finish (the
        // host waits longer than that; see ServiceHost), then cuts it: a server that hangs cannot hold
        // the stop for ever.
        using var grace = new CancellationTokenSource();
        await using (cancellationToken.Register(() => grace.CancelAfter(options.Timeout)).ConfigureAwait(false))
        {
            await _client.SendAsync(message, grace.Token).ConfigureAwait(false);
        }
    }

    /// <summary>What MailKit's own connect does (resolve, try each address, time out after <see cref="SmtpOptions.Timeout"/>), plus <c>NoDelay</c>.</summary>
    private async Task<Socket> OpenAsync(string host, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, options.Port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {host}:{options.Port} timed out after {options.Timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            // A polite QUIT, but a server that does not answer must not hold the stop.
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _client.DisconnectAsync(quit: true, quit.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ServiceNotConnectedException or ProtocolException or OperationCanceledException)
            {
                // The connection is going away either way.
            }
        }

        _client.Dispose();
    }
}

/// <summary>
/// The embedded default: each message as an .eml file, written beside and moved into place so a
/// reader never sees half a file. Named by Message-Id, so a resend overwrites instead of duplicating.
/// </summary>
public sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(Folder, name + ".eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
