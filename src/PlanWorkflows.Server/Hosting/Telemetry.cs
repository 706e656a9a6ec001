using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Diagnostics;

namespace PlanWorkflows.Server.Hosting;

/// <summary>
/// Metrics and traces over OTLP, only where a collector is named: <c>OpenTelemetry:Endpoint</c> or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (protocol from <c>OpenTelemetry:Protocol</c> or
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>: <c>grpc</c>, the default, or <c>http/protobuf</c>).
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "PlanWorkflows";

    public static (Uri Endpoint, OtlpExportProtocol Protocol)? Exporter(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = configuration["OpenTelemetry:Endpoint"] is { Length: > 0 } named ? named : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException("OpenTelemetry", typeof(Uri), [$"OpenTelemetry:Endpoint must be an http(s) address (is '{endpoint}')"]);
        }

        var protocolText = configuration["OpenTelemetry:Protocol"] is { Length: > 0 } p ? p : configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        var protocol = protocolText?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "httpprotobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new Microsoft.Extensions.Options.OptionsValidationException("OpenTelemetry", typeof(Uri), [$"OpenTelemetry:Protocol must be grpc or http/protobuf (is '{protocolText}')"]),
        };
        return (uri, protocol);
    }

    public static IServiceCollection AddPlanTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (Exporter(configuration) is not { } exporter)
        {
            return services;
        }

        var interval = configuration.GetValue("OpenTelemetry:SampleInterval", TimeSpan.FromSeconds(30));
        services.AddHostedService(sp => new MetricsSampler(sp.GetRequiredService<Func<PlanDbContext>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StartupGate>(), interval,
            sp.GetRequiredService<ILogger<MetricsSampler>>()));
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString(), serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithMetrics(m => m.AddMeter(PlanMetrics.Name).AddAspNetCoreInstrumentation())
            .WithTracing(t => t.AddSource(PlanMetrics.Name).AddAspNetCoreInstrumentation(o =>
            {
                o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
                o.EnrichWithHttpRequest = (activity, _) => RedactPath(activity);
                o.EnrichWithHttpResponse = (activity, _) => RedactPath(activity);
            }))
            .UseOtlpExporter(exporter.Protocol, exporter.Endpoint);
        return services;
    }

    /// <summary>A reply link's address is its secret: spans carry the route, never the token.</summary>
    internal static string Redact(string path)
    {
        const string form = "/form/";
        if (!path.StartsWith(form, StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }

        var rest = path[form.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return form + "{token}" + (slash < 0 ? string.Empty : rest[slash..]);
    }

    private static void RedactPath(Activity activity)
    {
        if (activity.GetTagItem("url.path") is string path)
        {
            activity.SetTag("url.path", Redact(path));
        }

        if (activity.GetTagItem("url.query") is not null)
        {
            activity.SetTag("url.query", null);
        }
    }
}

/// <summary>Refreshes the gauges (overdue obligations, outbox lag) from the database, paced in real time.</summary>
internal sealed partial class MetricsSampler(Func<PlanDbContext> createContext, TimeProvider time, StartupGate gate, TimeSpan interval, ILogger<MetricsSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = createContext();
                await PlanMetrics.SampleAsync(db, time.GetUtcNow().UtcDateTime, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(logger, ex);
            }

            await Pacing.WaitAsync(null, time, interval, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Metrics sample failed; trying again on the next round")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
