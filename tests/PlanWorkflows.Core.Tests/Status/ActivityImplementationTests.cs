using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Status;

namespace PlanWorkflows.Core.Tests.Status;

/// <summary>The rule that makes one status of several implementers' reports (<see cref="ActivityImplementation"/>).</summary>
public sealed class ActivityImplementationTests
{
    private const ImplementationStatus I = ImplementationStatus.Implemented;
    private const ImplementationStatus C = ImplementationStatus.ContinuouslyImplemented;
    private const ImplementationStatus P = ImplementationStatus.PartiallyImplemented;
    private const ImplementationStatus N = ImplementationStatus.NotImplemented;
    private const ImplementationStatus X = ImplementationStatus.NotApplicable;

    // Each implementer as (its latest report's status or null, whether a report from it was due).
    public static TheoryData<string, (ImplementationStatus?, bool)[], ImplementationStatus?> Cases => new()
    {
        { "every implementer reports it implemented", [(I, true), (I, true), (I, true)], I },
        { "one has not reported although due", [(I, true), (I, true), (null, true)], P },
        { "one reports it not implemented", [(I, true), (N, true)], P },
        { "one reports partial progress", [(I, true), (P, true)], P },
        { "implemented and continuously implemented", [(I, true), (C, true)], C },
        { "continuously implemented by one, the other silent", [(C, true), (null, true)], P },
        { "every report says not implemented, one not received", [(N, true), (null, true)], N },
        { "every one says not implemented", [(N, true), (N, true)], N },
        { "nobody has reported", [(null, true), (null, true)], null },
        { "nothing was due yet and nobody reported", [(null, false), (null, false)], null },
        { "an implementer whose report is not yet due does not hold it back", [(I, true), (null, false)], I },
        { "not applicable to one of them", [(I, true), (X, true)], I },
        { "not applicable to all of them", [(X, true), (X, true)], X },
        { "no implementer at all", [], null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_activitys_status_follows_the_stated_rule(string situation, (ImplementationStatus?, bool)[] institutions, ImplementationStatus? expected)
    {
        Assert.True(expected == ActivityImplementation.Combine(institutions), $"{situation}: expected {expected?.ToString() ?? "no report received"}, got {ActivityImplementation.Combine(institutions)?.ToString() ?? "no report received"}");
    }

    [Theory]
    [InlineData(null, true, "en", "No report received")]
    [InlineData(null, true, "cnr", "Nije dostavljen izvještaj")]
    [InlineData(null, false, "en", "Report not yet due")]
    [InlineData(null, false, "cnr", "Izvještaj još nije dospio")]
    [InlineData(ImplementationStatus.PartiallyImplemented, true, "cnr", "Djelimično realizovano")]
    public void Each_implementer_is_labelled_in_the_governments_vocabulary_or_as_not_received(ImplementationStatus? status, bool owes, string language, string expected)
    {
        Assert.Equal(expected, ActivityImplementation.Label(status, owes, language));
    }
}
