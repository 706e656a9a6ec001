using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Core.Diagnostics;

/// <summary>
/// What an operator watches: the meter and activity source "PlanWorkflows". Counters are added where the
/// state they count has been committed, so a rolled-back batch or a retried transaction never counts twice.
/// Tags carry template names, channels and step kinds, never addresses, tokens or report text.
/// </summary>
public static class PlanMetrics
{
    public const string Name = "PlanWorkflows";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Reminder mails accepted by the mail server, per outbox row (a digest of five items counts five).</summary>
    public static readonly Counter<long> RemindersSent = Meter.CreateCounter<long>("planworkflows.reminders.sent", "{reminder}", "Reminders accepted by the mail server");

    /// <summary>Reports recorded, by channel (form, email).</summary>
    public static readonly Counter<long> ReportsReceived = Meter.CreateCounter<long>("planworkflows.reports.received", "{report}", "Reports recorded");

    /// <summary>Obligations moved one or more rungs up the escalation ladder.</summary>
    public static readonly Counter<long> Escalations = Meter.CreateCounter<long>("planworkflows.escalations", "{escalation}", "Escalations of overdue obligations");

    /// <summary>From a timer's due time to the commit of the transition it woke, on the service clock.</summary>
    public static readonly Histogram<double> StepLatency = Meter.CreateHistogram<double>("planworkflows.step.latency", "s", "Delay from a step's due time to its transition",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600] });

    private static long _overdue = -1;
    private static double _outboxLag = -1;

    static PlanMetrics()
    {
        // Gauges report the last sample; a process that never sampled reports nothing rather than a made-up zero.
        Meter.CreateObservableGauge("planworkflows.obligations.overdue", () => Observe(Interlocked.Read(ref _overdue)), "{obligation}", "Obligations overdue or escalated");
        Meter.CreateObservableGauge("planworkflows.outbox.lag", () => Observe(Volatile.Read(ref _outboxLag)), "s", "Age of the oldest mail due but not yet sent");
    }

    public static void Sent(string template, int rows) => RemindersSent.Add(rows, new KeyValuePair<string, object?>("template", template));

    /// <summary>Called once the reports are committed: by the recorder when it owns the transaction, else by the owner of the transaction.</summary>
    public static void Received(string channel, int count = 1)
    {
        if (count > 0)
        {
            ReportsReceived.Add(count, new KeyValuePair<string, object?>("channel", channel));
        }
    }

    public static void Escalated(int count)
    {
        if (count > 0)
        {
            Escalations.Add(count);
        }
    }

    public static void StepRan(string kind, TimeSpan latency) =>
        StepLatency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Reads the gauges' values from the database: overdue obligations, and how late the outbox is.</summary>
    public static async Task<(long Overdue, TimeSpan OutboxLag)> SampleAsync(PlanDbContext db, DateTime utcNow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var overdue = await db.Obligations.AsNoTracking()
            .Where(o => !o.Removed && o.Kind == ObligationKind.Report
                && (o.Status == ObligationStatus.Overdue || o.Status == ObligationStatus.Escalated))
            .LongCountAsync(cancellationToken).ConfigureAwait(false);
        var oldest = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Queued && m.NotBefore <= utcNow)
            .OrderBy(m => m.NotBefore).Select(m => (DateTime?)m.NotBefore).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var lag = oldest is { } due ? utcNow - due : TimeSpan.Zero;
        Interlocked.Exchange(ref _overdue, overdue);
        Volatile.Write(ref _outboxLag, lag.TotalSeconds);
        return (overdue, lag);
    }

    private static IEnumerable<Measurement<T>> Observe<T>(T value)
        where T : struct, IComparable<T> =>
        value.CompareTo(default) < 0 ? [] : [new Measurement<T>(value)];
}
