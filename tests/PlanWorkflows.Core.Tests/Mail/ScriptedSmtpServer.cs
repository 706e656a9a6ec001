using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PlanWorkflows.Core.Tests.Mail;

/// <summary>
/// A small SMTP server speaking the real protocol on loopback, for what smtp4dev cannot do:
/// refusing chosen recipients with 550 and being started late (a mail server that was down).
/// Without <c>keepMessages</c> it only counts, so the benchmark can use it as a sink whose own cost
/// stays out of the outbox's numbers. Port 0 takes a free port.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly bool _keepMessages;
    private int _received;
    private long _bytes;

    public ScriptedSmtpServer(int port, params string[] refusedRecipients)
        : this(port, keepMessages: true, refusedRecipients)
    {
    }

    public ScriptedSmtpServer(int port, bool keepMessages, params string[] refusedRecipients)
    {
        _keepMessages = keepMessages;
        Refused = new HashSet<string>(refusedRecipients, StringComparer.OrdinalIgnoreCase);
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }
    public HashSet<string> Refused { get; }

    /// <summary>Runs when a message's data has arrived, before the server answers that it took it.</summary>
    public Func<Task>? BeforeDataReply { get; set; }
    public ConcurrentQueue<(string[] Recipients, string Data)> Delivered { get; } = new();

    /// <summary>Mails accepted, kept or not.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Bytes of message data accepted (lines with their CRLF, without the closing dot).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        // A large read buffer and one flush per reply keep the server's cost per mail small for the benchmark.
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 64 * 1024);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n" };

        async Task ReplyAsync(string line)
        {
            await writer.WriteLineAsync(line);
            await writer.FlushAsync();
        }

        await ReplyAsync("220 localhost ESMTP test");
        var recipients = new List<string>();
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await ReplyAsync("250 SMTPUTF8");
                        break;
                    case "HELO" or "NOOP" or "MAIL" or "RSET":
                        if (verb == "RSET" || verb == "MAIL")
                        {
                            recipients.Clear();
                        }

                        await ReplyAsync("250 OK");
                        break;
                    case "RCPT":
                        var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                        if (Refused.Contains(address))
                        {
                            await ReplyAsync("550 5.1.1 mailbox unavailable");
                        }
                        else
                        {
                            recipients.Add(address);
                            await ReplyAsync("250 OK");
                        }

                        break;
                    case "DATA":
                        await ReplyAsync("354 go ahead");
                        var data = _keepMessages ? new StringBuilder() : null;
                        long size = 0;
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            size += dataLine.Length + 2;
                            data?.AppendLine(dataLine);
                        }

                        if (data is not null)
                        {
                            Delivered.Enqueue(([.. recipients], data.ToString()));
                        }

                        Interlocked.Increment(ref _received);
                        Interlocked.Add(ref _bytes, size);
                        recipients.Clear();
                        if (BeforeDataReply is { } before)
                        {
                            await before();
                        }

                        await ReplyAsync("250 queued");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 bye");
                        return;
                    default:
                        await ReplyAsync("502 not implemented");
                        break;
                }
            }
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
