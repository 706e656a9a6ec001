using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using PlanWorkflows.Core.Mail;

namespace PlanWorkflows.Integration.Tests.Faults;

/// <summary>
/// A pickup folder on a disk that can fill up: a 1 MB tmpfs mounted for the test (needs root and
/// the right to mount, as on the development machine). Where mounting is not allowed (an
/// unprivileged container), the transport is wrapped so that writing fails with the same error
/// while the disk is "full" — the only place the test then stands in for the real thing.
/// </summary>
internal sealed class SmallDisk : IAsyncDisposable
{
    private readonly string _folder;
    private readonly bool _mounted;
    private volatile bool _full;

    private SmallDisk(string folder, bool mounted)
    {
        _folder = folder;
        _mounted = mounted;
    }

    public string Description => _mounted ? $"pickup folder on a 1 MB tmpfs at {_folder}" : "mounting is not allowed here: the pickup transport fails as a full disk would";

    private string Filler => Path.Combine(_folder, "filler.bin");

    public static async Task<SmallDisk> MountAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var mounted = OperatingSystem.IsLinux() && await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder) == 0;
        return new SmallDisk(folder, mounted);
    }

    /// <summary>Registration changes for the host: none on a real small disk.</summary>
    public Action<IServiceCollection>? Replace => _mounted ? null : services =>
    {
        services.RemoveAll<IMailTransport>();
        services.AddSingleton<IMailTransport>(new FullDiskTransport(new PickupFolderTransport(_folder), this));
    };

    /// <summary>Fills the disk to the last byte.</summary>
    public void Fill()
    {
        _full = true;
        if (!_mounted)
        {
            return;
        }

        using var stream = new FileStream(Filler, FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full: exactly what the test wants.
        }
    }

    public void Free()
    {
        _full = false;
        File.Delete(Filler);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted)
        {
            await RunAsync("umount", "-l", _folder);
        }
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    private sealed class FullDiskTransport(PickupFolderTransport inner, SmallDisk disk) : IMailTransport
    {
        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            disk._full ? throw new IOException($"No space left on device : '{inner.Folder}'") : inner.SendAsync(message, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
