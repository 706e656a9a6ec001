using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>A stand-in OTLP/HTTP collector: keeps every body posted to /v1/metrics and /v1/traces.</summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, byte[] Body)> Posts { get; } = new();

    public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public string Text(string path) => string.Concat(Posts.Where(p => p.Path == path).Select(p => Encoding.UTF8.GetString(p.Body)));

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector.Posts.Enqueue(("/v1/" + signal, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class TelemetryTests
{
    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported()
    {
        await using var service = await RunningService.StartAsync(["--Service:Roles=web"]);
        Assert.Null(service.App.Services.GetService<MeterProvider>());
        Assert.Null(service.App.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task With_an_endpoint_metrics_and_traces_reach_the_collector_over_otlp_without_reply_tokens()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var service = await RunningService.StartAsync([
            $"--OpenTelemetry:Endpoint={collector.Endpoint}", "--OpenTelemetry:Protocol=http/protobuf", "--OpenTelemetry:SampleInterval=00:00:00.200",
        ]);
        using var http = service.Client();
        using (var status = await http.GetAsync(new Uri("/api/catalogue", UriKind.Relative)))
        {
            Assert.True(status.IsSuccessStatusCode);
        }

        const string token = "Tk9TVUNIVE9LRU5fc2VjcmV0X3ZhbHVl";
        using (var form = await http.GetAsync(new Uri($"/form/{token}/done", UriKind.Relative)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, form.StatusCode);
        }

        var meters = service.App.Services.GetRequiredService<MeterProvider>();
        var tracers = service.App.Services.GetRequiredService<TracerProvider>();
        // The gauges appear once the sampler has read the database (it starts with the service); the wait is for that task, not for a schedule.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!collector.Text("/v1/metrics").Contains("planworkflows.obligations.overdue", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Assert.True(meters.ForceFlush(5_000));
            await Task.Delay(100);
        }

        Assert.True(tracers.ForceFlush(5_000));
        var metrics = collector.Text("/v1/metrics");
        Assert.Contains("planworkflows.obligations.overdue", metrics, StringComparison.Ordinal);
        Assert.Contains("planworkflows.outbox.lag", metrics, StringComparison.Ordinal);
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
        Assert.Contains(Telemetry.ServiceName, metrics, StringComparison.Ordinal);
        var traces = collector.Text("/v1/traces");
        Assert.Contains("/api/catalogue", traces, StringComparison.Ordinal);
        Assert.Contains("/form/{token}/done", traces, StringComparison.Ordinal);
        Assert.DoesNotContain(token, traces, StringComparison.Ordinal);
        Assert.DoesNotContain(token, metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/form/abc", "/form/{token}")]
    [InlineData("/form/abc/done", "/form/{token}/done")]
    [InlineData("/office/api/status", "/office/api/status")]
    public void Span_paths_never_carry_a_reply_token(string path, string expected) => Assert.Equal(expected, Telemetry.Redact(path));

    [Fact]
    public void A_collector_address_that_is_not_http_is_refused_with_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OpenTelemetry:Endpoint"] = "collector:4317" }).Build();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Telemetry.Exporter(configuration));
        Assert.Contains("OpenTelemetry:Endpoint must be an http(s) address (is 'collector:4317')", error.Message, StringComparison.Ordinal);
        var standard = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://otel:4317" }).Build();
        Assert.Equal((new Uri("http://otel:4317"), OpenTelemetry.Exporter.OtlpExportProtocol.Grpc), Telemetry.Exporter(standard));
    }
}
