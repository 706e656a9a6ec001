using System.Diagnostics.Metrics;
using System.Net;
using PlanWorkflows.Core.Diagnostics;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>The meter is process-wide: this runs alone, so no other test's submission is counted with it.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class FormMetricsTests
{
    [Fact]
    public async Task A_form_submission_counts_each_report_once_after_it_is_committed()
    {
        long form = 0, other = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PlanMetrics.Name && instrument.Name == "planworkflows.reports.received")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var channel = tags.ToArray().FirstOrDefault(t => t.Key == "channel").Value as string;
            _ = channel == "form" ? Interlocked.Add(ref form, value) : Interlocked.Add(ref other, value);
        });
        listener.Start();

        await using var app = new FormApp();
        await app.InitializeAsync();
        var seeded = await app.SeedAsync("en");
        using var http = app.Client();
        var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
        using var content = RunningService.FormPost(page, ReplyFormHttpTests.Filled(seeded, "submit"));

        using var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        // Both items of the round were answered: two reports, counted once each.
        Assert.Equal((2, 0), (Interlocked.Read(ref form), Interlocked.Read(ref other)));
    }
}
