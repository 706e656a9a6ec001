using System.Diagnostics;

namespace PlanWorkflows.Bench.Scenarios;

/// <summary>
/// Peak working set and managed heap while a measured phase runs. The process peak also holds
/// the setup (catalogue sync in one EF context), so the phase is sampled on its own as well.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakWorkingSet;
    private long _peakHeap;
    private long _peakCommitted;

    public MemorySampler()
    {
        Sample();
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    public long PeakWorkingSet => Interlocked.Read(ref _peakWorkingSet);

    public long PeakManagedHeap => Interlocked.Read(ref _peakHeap);

    /// <summary>Peak memory the GC had committed: the managed heap plus what it keeps for the next allocations.</summary>
    public long PeakCommitted => Interlocked.Read(ref _peakCommitted);

    public static long ProcessPeakWorkingSet
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64;
        }
    }

    public void Stop()
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        Sample();
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        var ws = process.WorkingSet64;
        var info = GC.GetGCMemoryInfo();
        lock (this)
        {
            _peakWorkingSet = Math.Max(_peakWorkingSet, ws);
            _peakHeap = Math.Max(_peakHeap, Math.Max(info.HeapSizeBytes, GC.GetTotalMemory(false)));
            _peakCommitted = Math.Max(_peakCommitted, info.TotalCommittedBytes);
        }
    }

    public void Dispose() => _timer.Dispose();

    public static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";
}
