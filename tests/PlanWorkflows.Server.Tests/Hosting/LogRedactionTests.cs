using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Tests.Mail;
using PlanWorkflows.Server.Tests.Forms;

namespace PlanWorkflows.Server.Tests.Hosting;

/// <summary>Keeps every log entry at every level: message, structured values, exception and scopes.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Entries { get; } = new();

    public string All => string.Join('\n', Entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? string.Empty), scopes);
            provider.Entries.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} | {values} | {string.Join(" / ", scopes)} | {exception}");
        }
    }
}

public sealed class LogRedactionTests
{
    [Fact]
    public async Task A_form_submission_and_its_mail_leave_no_token_password_or_report_text_in_the_logs_at_any_level()
    {
        const string password = "Pw-9f3c1d7e-never-logged";
        const string narrative = "Victim V.K. was referred to the shelter in Bijelo Polje on 3 May.";
        await using var smtp4dev = await Smtp4devServer.StartAsync("--authenticationrequired", "--smtpallowanycredentials-", $"--user=office={password}", "--SmtpAuthTypesNotSecure=PLAIN,LOGIN");
        var logs = new CapturingLoggerProvider();
        var app = new FormApp(
            "--Service:Roles=web,worker", "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Trace",
            "--Outbox:Smtp:Host=127.0.0.1", $"--Outbox:Smtp:Port={smtp4dev.SmtpPort}", "--Outbox:Smtp:Security=None", "--Outbox:Smtp:UserName=office", $"--Outbox:Smtp:Password={password}")
        {
            Configure = builder => builder.Logging.AddProvider(logs),
        };
        await app.InitializeAsync();
        try
        {
            var seeded = await app.SeedAsync("en");
            using var http = app.Client();
            var page = await http.GetStringAsync(new Uri(seeded.Path, UriKind.Relative));
            var fields = ReplyFormHttpTests.Filled(seeded, "submit");
            fields[$"o{seeded.TrainingId}-narrative"] = narrative;
            using var content = RunningService.FormPost(page, fields);

            using (var response = await http.PostAsync(new Uri(seeded.Path, UriKind.Relative), content))
            {
                Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            }

            // The receipt to the Office goes out through the authenticated SMTP session; the wait is for the outbox worker,
            // which records each mail as sent at once and logs the round once it is over.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            OutboxMessage? receipt = null;
            while ((receipt?.Status != OutboxStatus.Sent || !logs.All.Contains("Outbox sent", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                await using var db = app.Db();
                receipt = await db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.MessageId.StartsWith($"pw.form.{seeded.TokenId}."));
            }

            Assert.Equal(OutboxStatus.Sent, receipt?.Status);
            var all = logs.All;
            // What was logged is there: the capture works at the levels used.
            Assert.Contains($"Form report submitted for {FormApp.Institution}", all, StringComparison.Ordinal);
            Assert.Contains("Outbox sent", all, StringComparison.Ordinal);
            Assert.Contains("Debug ", all, StringComparison.Ordinal);
            Assert.DoesNotContain(seeded.Token, all, StringComparison.Ordinal);
            Assert.DoesNotContain(password, all, StringComparison.Ordinal);
            Assert.DoesNotContain(narrative, all, StringComparison.Ordinal);
            Assert.DoesNotContain("Bijelo Polje", all, StringComparison.Ordinal);
            Assert.DoesNotContain("Ana Perović", all, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
