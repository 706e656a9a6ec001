using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PlanWorkflows.Core.Simulation;

/// <summary>
/// Where a simulation's wall time goes, phase by phase (opt-in through <see cref="SimulationOptions.Timings"/>; the
/// run does the same work with or without it). Phases do not overlap, except that the outbox drain holds the
/// pack, compose and mail-file phases.
/// </summary>
public sealed class SimulationTimings
{
    private readonly Dictionary<string, (TimeSpan Time, int Calls)> _phases = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Rounds of the simulator's loop: one per virtual instant it stopped at.</summary>
    public int Rounds { get; internal set; }

    /// <summary>Each phase's total time and how often it ran, in the order phases first ran.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Time, int Calls)> Phases =>
        [.. _order.Select(p => (p, _phases[p].Time, _phases[p].Calls))];

    internal Scope Measure(string phase) => new(this, phase, Stopwatch.GetTimestamp());

    private void Add(string phase, TimeSpan elapsed)
    {
        if (!_phases.TryGetValue(phase, out var current))
        {
            _order.Add(phase);
        }

        _phases[phase] = (current.Time + elapsed, current.Calls + 1);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"rounds {Rounds}").AppendLine();
        foreach (var (phase, time, calls) in Phases)
        {
            text.Append(CultureInfo.InvariantCulture, $"{phase,-22} {time.TotalMilliseconds,9:F0} ms  {calls,6} calls").AppendLine();
        }

        return text.ToString();
    }

    /// <summary>Adds the time since it was made to its phase when disposed; a null timings object measures nothing.</summary>
    internal readonly struct Scope(SimulationTimings? owner, string phase, long started) : IDisposable
    {
        public void Dispose() => owner?.Add(phase, Stopwatch.GetElapsedTime(started));
    }
}

internal static class SimulationTimingsExtensions
{
    /// <summary>A scope that measures only when timings were asked for.</summary>
    public static SimulationTimings.Scope Time(this SimulationTimings? timings, string phase) =>
        timings?.Measure(phase) ?? default;
}
