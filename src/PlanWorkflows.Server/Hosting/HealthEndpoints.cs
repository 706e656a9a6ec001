using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;

namespace PlanWorkflows.Server.Hosting;

/// <summary>Health probes (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>A mail server is asked at most this often, whatever the probe rate; answers in between are the last result.</summary>
    public TimeSpan MailCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longer than this and the mail server counts as unreachable.</summary>
    public TimeSpan MailTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Who reads each check's description (mail server host and port, folder paths, error text): by default only
    /// a probe on the same machine; anyone else gets the statuses. True shows them to every caller.
    /// </summary>
    public bool DetailsToAnyone { get; set; }
}

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: it can do its job — the database in every
/// role; in a worker also the mail server it sends through (or the pickup folder) and the inbox it reads,
/// which make a worker alone Unhealthy (503) and a web-and-worker process Degraded (200) when they fail.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IServiceCollection AddPlanHealth(this IServiceCollection services, IConfiguration configuration, ServiceOptions service, OutboxOptions outbox, InboxOptions inbox)
    {
        var options = new HealthOptions();
        configuration.GetSection(HealthOptions.SectionName).Bind(options);
        services.AddSingleton(options);
        // The probe gets its own short-lived context; the service itself creates contexts through Func<PlanDbContext>.
        services.TryAddScoped(sp => sp.GetRequiredService<Func<PlanDbContext>>()());
        var checks = services.AddHealthChecks()
            // A query on a table, not just a connection: a database without the schema is not ready either.
            .AddDbContextCheck<PlanDbContext>("database", tags: [ReadyTag], customTestQuery: async (db, ct) =>
            {
                await db.Timers.AnyAsync(ct).ConfigureAwait(false);
                return true;
            });
        if (!service.HasRole("worker"))
        {
            return services;
        }

        var smtp = string.IsNullOrWhiteSpace(outbox.Smtp.Host)
            ? new CachedCheck(options, _ => Task.FromResult(PickupFolderWritable(outbox.PickupFolder)))
            : new CachedCheck(options, ct => AnswersAsync(new SmtpClient(), outbox.Smtp.Host!, outbox.Smtp.Port, outbox.Smtp.Security, "answered EHLO", options.MailTimeout, ct));
        // A process that also serves the implementers' forms stays in the load balancer while mail is away
        // (the form needs only the database; what it queues waits in the outbox): there a mail server that
        // does not answer makes the process Degraded, still 200, named in the answer. A worker alone is Unhealthy.
        var mailDown = service.HasRole("web") ? HealthStatus.Degraded : HealthStatus.Unhealthy;
        checks.Add(new HealthCheckRegistration("smtp", smtp, mailDown, [ReadyTag]));
        if (!string.IsNullOrWhiteSpace(inbox.Host))
        {
            checks.Add(new HealthCheckRegistration("imap", new CachedCheck(options, ct => AnswersAsync(new ImapClient(), inbox.Host!, inbox.Port, inbox.Security, "answered", options.MailTimeout, ct)), mailDown, [ReadyTag]));
        }

        return services;
    }

    public static void MapPlanHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        // The web role faces the internet (the implementers' form): the names of the ministry's servers are not for it.
        var details = http.RequestServices.GetService<HealthOptions>()?.DetailsToAnyone == true
            || (http.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address));
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = details ? e.Value.Description ?? e.Value.Exception?.Message : null,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }

    private static HealthCheckResult PickupFolderWritable(string folder)
    {
        var probe = Path.Combine(folder, $".health-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
            return HealthCheckResult.Healthy($"pickup folder {Path.GetFullPath(folder)} is writable");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"pickup folder {Path.GetFullPath(folder)} is not writable: {ex.Message}");
        }
    }

    /// <summary>
    /// Connect (EHLO for SMTP, the greeting for IMAP, and STARTTLS where configured), no login: a probe must not
    /// lock out the service account.
    /// </summary>
    private static async Task<HealthCheckResult> AnswersAsync(MailService client, string host, int port, SecureSocketOptions security, string answered, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using (client)
        {
            client.Timeout = (int)timeout.TotalMilliseconds;
            await client.ConnectAsync(host, port, security, cancellationToken).ConfigureAwait(false);
            var description = $"{host}:{port} {answered}{(client.IsSecure ? " over TLS" : string.Empty)}";
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(description);
        }
    }

    /// <summary>
    /// One answer per cache period, shared by concurrent probes, and bounded in time: load balancers and
    /// orchestrators probe every few seconds, which must not become a connection a second to the ministry's mail server.
    /// The period is wall-clock time even under a demo clock.
    /// </summary>
    internal sealed class CachedCheck(HealthOptions options, Func<CancellationToken, Task<HealthCheckResult>> check, TimeProvider? wallClock = null) : IHealthCheck, IDisposable
    {
        private readonly TimeProvider _clock = wallClock ?? TimeProvider.System;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private (HealthCheckResult Result, DateTimeOffset At)? _last;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_last is { } last && _clock.GetUtcNow() - last.At < options.MailCacheDuration)
                {
                    return AsRegistered(last.Result, context);
                }

                var result = await RunAsync(cancellationToken).ConfigureAwait(false);
                _last = (result, _clock.GetUtcNow());
                return AsRegistered(result, context);
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();

        /// <summary>A failure counts as much as the registration says (Degraded where the process also serves pages).</summary>
        private static HealthCheckResult AsRegistered(HealthCheckResult result, HealthCheckContext context) =>
            result.Status == HealthStatus.Unhealthy && context.Registration is { FailureStatus: var status } && status != HealthStatus.Unhealthy
                ? new HealthCheckResult(status, result.Description, result.Exception, result.Data)
                : result;

        private async Task<HealthCheckResult> RunAsync(CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.MailTimeout);
            try
            {
                return await check(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"no answer within {options.MailTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
