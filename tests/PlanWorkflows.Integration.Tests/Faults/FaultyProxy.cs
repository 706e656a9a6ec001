using System.Net;
using System.Net.Sockets;
using PlanWorkflows.Core.Tests.Mail;

namespace PlanWorkflows.Integration.Tests.Faults;

/// <summary>
/// A TCP proxy in front of a real server (smtp4dev's SMTP or IMAP) that can play the network's
/// faults: refuse connections while down, and cut a connection in the middle of a transfer after it
/// has carried a given number of bytes from the server.
/// </summary>
internal sealed class FaultyProxy : IAsyncDisposable
{
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _cutsLeft;

    public FaultyProxy(int target)
    {
        _target = target;
        Port = Smtp4devServer.FreePort();
    }

    public int Port { get; }

    /// <summary>Connections the proxy cut in the middle.</summary>
    public int Cuts { get; private set; }

    /// <summary>Connections accepted while up.</summary>
    public int Connections { get; private set; }

    public long CutAfterBytes { get; set; } = long.MaxValue;

    public bool IsUp => _listener is not null;

    /// <summary>The next <paramref name="count"/> connections are cut once <see cref="CutAfterBytes"/> came from the server.</summary>
    public void CutNext(int count, long afterBytes)
    {
        CutAfterBytes = afterBytes;
        _cutsLeft = count;
    }

    public void Up()
    {
        if (_listener is not null)
        {
            return;
        }

        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var listener = _listener;
        _accepting = Task.Run(() => AcceptAsync(listener));
    }

    /// <summary>Like a server that went away: new connections are refused and open ones are reset.</summary>
    public async Task DownAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            listener.Stop();
            await _accepting.ConfigureAwait(false);
        }

        lock (_open)
        {
            foreach (var client in _open)
            {
                Reset(client);
            }

            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            Connections++;
            var cut = _cutsLeft > 0;
            if (cut)
            {
                _cutsLeft--;
            }

            _ = Task.Run(() => RelayAsync(client, cut ? CutAfterBytes : long.MaxValue));
        }
    }

    private async Task RelayAsync(TcpClient client, long cutAfter)
    {
        using var server = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(server);
        }

        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = Pump(client.GetStream(), server.GetStream(), long.MaxValue, linked.Token);
            var down = Pump(server.GetStream(), client.GetStream(), cutAfter, linked.Token);
            var first = await Task.WhenAny(up, down).ConfigureAwait(false);
            if (first == down && await down.ConfigureAwait(false))
            {
                Cuts++;
            }

            await linked.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: so does the other.
        }
        finally
        {
            Reset(client);
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }
        }
    }

    /// <summary>A reset, not a polite close: what a dropped network connection looks like to the client.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { Connected: true } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        client.Dispose();
    }

    /// <summary>Copies until the source closes (false) or <paramref name="limit"/> bytes went through (true: cut).</summary>
    private static async Task<bool> Pump(Stream from, Stream to, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, Math.Max(1, limit - total))), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
                if (total >= limit)
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await DownAsync();
        _stop.Dispose();
    }
}
