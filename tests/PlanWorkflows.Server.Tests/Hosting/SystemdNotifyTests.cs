using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>
/// The unit file says Type=notify: systemd waits for READY=1 on $NOTIFY_SOCKET. The service is started here the
/// way a container's systemd-aware runtime starts it — as PID 1 of its own PID namespace with NOTIFY_SOCKET set,
/// which is how the hosting library recognises a systemd service outside a real systemd parent.
/// </summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public async Task Started_under_a_notify_socket_the_service_reports_ready_to_the_service_manager()
    {
        using var temp = new TempFolder();
        var socketPath = temp.File("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        var info = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--fork", "--pid", "--kill-child", "dotnet", typeof(ServiceHost).Assembly.Location,
            "--urls", "http://127.0.0.1:0", "--Service:Roles=web", "--Clock:DemoSpeed=1",
            $"--Database:ConnectionString=Data Source={temp.File("plan.db")};Pooling=False", $"--Outbox:PickupFolder={temp.File("outbox")}",
        })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NOTIFY_SOCKET"] = socketPath;
        using var process = Process.Start(info)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var buffer = new byte[256];
            // The wait is for a child process to start (migrations, catalogue), not for a schedule.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.Equal("READY=1", Encoding.ASCII.GetString(buffer, 0, received));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no READY=1 within 90 s (exited: {process.HasExited}); stderr:\n{stderr}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
