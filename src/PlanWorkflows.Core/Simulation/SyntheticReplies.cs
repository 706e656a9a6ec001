using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Schedules;

namespace PlanWorkflows.Core.Simulation;

internal enum SyntheticKind { Report = 0, Review = 1 }

/// <summary>Something an institution or the Office does at a virtual time.</summary>
internal sealed record SyntheticEvent(DateTime At, SyntheticKind Kind, long ObligationId, long? InstanceId, ImplementationStatus Status, string Channel, string Decision);

/// <summary>
/// How the synthetic institutions and the Office behave. Each obligation draws from its own
/// generator, seeded from the run's seed and the obligation's identity, so the order in which
/// the simulator meets obligations never changes what any of them does.
/// </summary>
internal sealed class SyntheticReplies(ReplyMode mode, int seed, WorkingDayCalendar calendar, TimeZoneInfo zone)
{
    private enum Behaviour { OnTime, Late, Never }

    private static readonly ImplementationStatus[] Statuses =
    [
        ImplementationStatus.Implemented, ImplementationStatus.ContinuouslyImplemented,
        ImplementationStatus.PartiallyImplemented, ImplementationStatus.NotImplemented,
    ];

    private readonly Dictionary<long, Script> _scripts = [];

    public ReplyMode Mode => mode;

    /// <summary>The first mail about an obligation reached the institution: decide when it answers.</summary>
    public SyntheticEvent? FirstMail(Obligation obligation, DateTime mailedAt)
    {
        var script = ScriptFor(obligation);
        if (script.Behaviour == Behaviour.Never)
        {
            return null;
        }

        var rng = script.Random;
        DateTime at;
        if (script.Behaviour == Behaviour.OnTime)
        {
            var first = LocalDate(mailedAt);
            var days = new List<DateOnly>();
            for (var d = first; d <= obligation.DueDate; d = d.AddDays(1))
            {
                if (calendar.IsWorkingDay(d))
                {
                    days.Add(d);
                }
            }

            at = days.Count == 0 ? mailedAt : AtLocal(days[rng.Next(days.Count)], rng);
            // A reply the same day as the reminder comes after it, and never after the due date.
            var latest = AtLocal(obligation.DueDate, new TimeOnly(17, 0));
            if (at <= mailedAt)
            {
                at = mailedAt.AddHours(1 + rng.Next(3));
            }

            if (at > latest && latest > mailedAt)
            {
                at = latest;
            }
        }
        else
        {
            at = AtLocal(calendar.AddWorkingDays(obligation.DueDate, 1 + rng.Next(15)), rng);
            if (at <= mailedAt)
            {
                at = mailedAt.AddHours(1 + rng.Next(48));
            }
        }

        return Report(obligation, at, script);
    }

    /// <summary>A report waits for the Office's review: it decides a few working days later.</summary>
    public SyntheticEvent Review(Obligation obligation, long instanceId, DateTime now)
    {
        var script = ScriptFor(obligation);
        var rng = script.Random;
        var at = AtLocal(calendar.AddWorkingDays(LocalDate(now), 1 + rng.Next(4)), new TimeOnly(10 + rng.Next(6), 0));
        var decision = rng.NextDouble() < 0.9 ? "accepted" : "returned";
        return new SyntheticEvent(at, SyntheticKind.Review, obligation.Id, instanceId, default, string.Empty, decision);
    }

    /// <summary>The Office returned a report: the institution corrects it, unless nobody answers at all.</summary>
    public SyntheticEvent? Returned(Obligation obligation, DateTime now)
    {
        if (mode == ReplyMode.None)
        {
            return null;
        }

        var script = ScriptFor(obligation);
        var days = mode == ReplyMode.OnTime ? 1 + script.Random.Next(3) : 1 + script.Random.Next(10);
        return Report(obligation, AtLocal(calendar.AddWorkingDays(LocalDate(now), days), script.Random), script);
    }

    private static SyntheticEvent Report(Obligation obligation, DateTime at, Script script)
    {
        var status = Statuses[script.Random.Next(Statuses.Length)];
        var channel = script.Random.NextDouble() < 0.6 ? "form" : "email";
        return new SyntheticEvent(at, SyntheticKind.Report, obligation.Id, null, status, channel, string.Empty);
    }

    private Script ScriptFor(Obligation obligation)
    {
        if (!_scripts.TryGetValue(obligation.Id, out var script))
        {
            var rng = new Random(StableSeed(seed, $"{obligation.ActivityKey}|{obligation.InstitutionId}|{obligation.PeriodLabel}"));
            var behaviour = mode switch
            {
                ReplyMode.OnTime => Behaviour.OnTime,
                ReplyMode.None => Behaviour.Never,
                _ => rng.NextDouble() switch
                {
                    < 0.7 => Behaviour.OnTime,
                    < 0.9 => Behaviour.Late,
                    _ => Behaviour.Never,
                },
            };
            script = new Script(rng, behaviour);
            _scripts[obligation.Id] = script;
        }

        return script;
    }

    /// <summary>FNV-1a over the identity and the seed: string.GetHashCode differs between processes.</summary>
    internal static int StableSeed(int seed, string identity)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in BitConverter.GetBytes(seed).Concat(System.Text.Encoding.UTF8.GetBytes(identity)))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return (int)(hash ^ (hash >> 32)) & int.MaxValue;
    }

    private DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    // Institutions answer in office hours. On the hour: fewer distinct instants make fewer engine
    // rounds, and the simulation is about days, not minutes.
    private DateTime AtLocal(DateOnly date, Random rng) => AtLocal(date, new TimeOnly(9 + rng.Next(7), 0));

    private DateTime AtLocal(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), zone);

    private sealed record Script(Random Random, Behaviour Behaviour);
}
