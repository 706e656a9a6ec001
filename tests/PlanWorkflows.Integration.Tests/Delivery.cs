using System.Globalization;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Data;

namespace PlanWorkflows.Integration.Tests;

/// <summary>What "every mail sent exactly once" means, checked against what the mail server (or the pickup folder) holds.</summary>
internal static class Delivery
{
    /// <summary>
    /// No Message-Id twice; every delivered message is a sent outbox row (the head of its digest);
    /// every other sent row went in a digest whose head was delivered at the same moment.
    /// </summary>
    public static void AssertEachSentRowDeliveredOnce(IReadOnlyList<OutboxMessage> outbox, IReadOnlyList<string> deliveredMessageIds)
    {
        Assert.Equal(deliveredMessageIds.Count, deliveredMessageIds.Distinct(StringComparer.Ordinal).Count());
        var rowsById = outbox.ToDictionary(m => m.MessageId, StringComparer.Ordinal);
        // One exception, the killed worker's: a reminder it handed to the server but had not yet recorded when it died stays
        // queued until a report withdraws it; it went out once and is never sent again, but its row says withdrawn.
        static bool Withdrawn(OutboxMessage row) => row.Status == OutboxStatus.Cancelled && row.LastError?.StartsWith("withdrawn: report", StringComparison.Ordinal) == true;
        Assert.All(deliveredMessageIds, id => Assert.True(rowsById.TryGetValue(id, out var row) && (row.Status == OutboxStatus.Sent || Withdrawn(row)),
            $"{id} was delivered but is no sent outbox row" + (rowsById.TryGetValue(id, out var found) ? $" (row {found.Id} {found.Template} is {found.Status}, attempts {found.Attempts}: {found.LastError})" : " (no such row)")));
        Assert.True(deliveredMessageIds.Count(id => Withdrawn(rowsById[id])) <= 1, "more than one delivered reminder is recorded as withdrawn: only the killed worker's one in flight may be");
        var heads = deliveredMessageIds.Select(id => rowsById[id]).ToList();
        var delivered = deliveredMessageIds.ToHashSet(StringComparer.Ordinal);
        Assert.All(outbox.Where(m => m.Status == OutboxStatus.Sent && !delivered.Contains(m.MessageId)), m =>
            Assert.True(heads.Any(h => h.Template == m.Template && h.InstitutionId == m.InstitutionId && h.To == m.To && h.SentAt == m.SentAt),
                $"row {m.Id} ({m.Template} for {m.InstitutionId}) is marked sent but no delivered message carried it"));
    }

    /// <summary>
    /// Months between two progress requests of one obligation: the deadline definition's <c>everyMonths</c>. The step
    /// sends at most one in each such period of the year (quarters), on its first working day.
    /// </summary>
    public const int ProgressRequestMonths = 3;

    private static readonly TimeZoneInfo PlanZone = PlanWindow.ZoneOf(new PlanInfo());

    /// <summary>
    /// No reminder decided twice: one row per obligation and template; for a progress request, which is sent again each
    /// quarter while the due date is months away, one per obligation and quarter (in the plan's zone) it was decided in.
    /// </summary>
    public static void AssertNoReminderDecidedTwice(IReadOnlyList<OutboxMessage> outbox) =>
        Assert.Empty(RemindersDecidedTwice(outbox));

    /// <summary>Obligation, template and round (null but for progress requests) of the rows written more than once.</summary>
    public static IReadOnlyList<(long? ObligationId, string Template, string? Round)> RemindersDecidedTwice(IEnumerable<OutboxMessage> outbox) =>
        [.. outbox.Where(m => m.ObligationId != null).GroupBy(m => (m.ObligationId, m.Template, Round(m))).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>The period of the year a progress request went out in, <c>2013-Q1</c>; null for every other template.</summary>
    internal static string? Round(OutboxMessage message)
    {
        if (message.Template != KnownTemplates.ProgressRequest)
        {
            return null;
        }

        var day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc), PlanZone);
        return string.Create(CultureInfo.InvariantCulture, $"{day.Year}-Q{((day.Month - 1) / ProgressRequestMonths) + 1}");
    }
}
