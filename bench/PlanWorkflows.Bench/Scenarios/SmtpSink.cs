using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// A minimal SMTP server on loopback that accepts everything and keeps nothing but a count: the floor
/// under our own cost, so the outbox's speed can be told apart from a real server's.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _delivered;
    private long _bytes;

    public SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }

    public int Delivered => Volatile.Read(ref _delivered);

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
        using var reader = new StreamReader(stream, Encoding.Latin1, false, 64 * 1024);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n" };

        async Task ReplyAsync(string line)
        {
            await writer.WriteLineAsync(line);
            await writer.FlushAsync();
        }

        await ReplyAsync("220 localhost ESMTP sink");
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
                    case "DATA":
                        await ReplyAsync("354 go ahead");
                        long size = 0;
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            size += dataLine.Length + 2;
                        }

                        Interlocked.Increment(ref _delivered);
                        Interlocked.Add(ref _bytes, size);
                        await ReplyAsync("250 queued");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 bye");
                        return;
                    default:
                        await ReplyAsync("250 OK");
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
