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
        Assert.All(deliveredMessageIds, id => Assert.True(rowsById.TryGetValue(id, out var row) && row.Status == OutboxStatus.Sent, $"{id} was delivered but is no sent outbox row"));
        var heads = deliveredMessageIds.Select(id => rowsById[id]).ToList();
        var delivered = deliveredMessageIds.ToHashSet(StringComparer.Ordinal);
        Assert.All(outbox.Where(m => m.Status == OutboxStatus.Sent && !delivered.Contains(m.MessageId)), m =>
            Assert.True(heads.Any(h => h.Template == m.Template && h.InstitutionId == m.InstitutionId && h.To == m.To && h.SentAt == m.SentAt),
                $"row {m.Id} ({m.Template} for {m.InstitutionId}) is marked sent but no delivered message carried it"));
    }

    /// <summary>No reminder decided twice: one row per obligation and kind.</summary>
    public static void AssertNoReminderDecidedTwice(IReadOnlyList<OutboxMessage> outbox) =>
        Assert.Empty(outbox.Where(m => m.ObligationId != null).GroupBy(m => (m.ObligationId, m.Template)).Where(g => g.Count() > 1).Select(g => g.Key));
}
