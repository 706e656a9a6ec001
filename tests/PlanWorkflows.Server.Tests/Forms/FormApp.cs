using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Server.Hosting;

namespace PlanWorkflows.Server.Tests.Forms;

/// <summary>A round seeded for one test: its own period label, so tests sharing an app never see each other's rows.</summary>
internal sealed record SeededRound(string Token, long TokenId, string Round, long TrainingId, long ResearchId)
{
    public string Path => $"/form/{Token}";
}

/// <summary>The real service (web role) on a free port with a scratch SQLite database, as production starts it.</summary>
public sealed class FormApp : IAsyncLifetime
{
    public const string Institution = "moi-office";
    public const string FocalPoint = "moi-office.focal@example.org";
    public const string TrainingKey = "test-area/9.1.1";
    public const string ResearchKey = "test-area/9.1.2";
    public const string TrainingTitle = "Training of <b>labour</b> inspectors & prosecutors";
    public const string CountIndicator = "Number of trained inspectors";
    public const string AmountIndicator = "Amount spent (EUR)";
    public const string TextIndicator = "Training curriculum adopted";

    private readonly string _folder = Directory.CreateTempSubdirectory("planworkflows-form-").FullName;
    private readonly string[] _extra;
    private WebApplication? _app;
    private int _rounds;

    public FormApp()
        : this([])
    {
    }

    internal FormApp(params string[] extra) => _extra = extra;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Changes to the host before it is built (a capturing logger, for one).</summary>
    internal Action<WebApplicationBuilder>? Configure { get; init; }

    public string ArtifactsFolder { get; } = Directory.CreateDirectory(System.IO.Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    private WebApplication App => _app ?? throw new InvalidOperationException("not started");

    public IServiceProvider Services => App.Services;

    public DateTime Now => App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public PlanWorkflows.Core.Mail.MailTemplates Templates => App.Services.GetRequiredService<PlanWorkflows.Core.Mail.MailTemplates>();

    public PlanDbContext Db() => App.Services.GetRequiredService<Func<PlanDbContext>>()();

    public async Task InitializeAsync()
    {
        _app = ServiceHost.Build([
            "--urls", "http://127.0.0.1:0",
            $"--Database:ConnectionString=Data Source={System.IO.Path.Combine(_folder, "plan.db")};Pooling=False",
            "--Service:Roles=web",
            // One demo day per real day: a token valid for a month must not expire while the browser tests run.
            "--Clock:DemoSpeed=1",
            "--Forms:RequestsPerMinute=100000",
            "--Security:RequestsPerMinute=100000",
            "--Logging:LogLevel:Default=Warning",
            .. _extra,
        ], Configure);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var db = Db();
        db.Activities.AddRange(
            new ActivityRecord { Key = TrainingKey, AreaId = "test-area", AreaTitle = "Test", Code = "9.1.1", Title = TrainingTitle, Indicators = $"{CountIndicator}; {AmountIndicator}\n{TextIndicator}" },
            new ActivityRecord { Key = ResearchKey, AreaId = "test-area", AreaTitle = "Test", Code = "9.1.2", Title = "Research on labour exploitation", Indicators = "Research conducted" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => TestWebApps.StopAsync(_app, _folder);

    /// <summary>Two obligations of the Office's own round and a token for it.</summary>
    internal async Task<SeededRound> SeedAsync(string language, TimeSpan? validFor = null, bool revoked = false)
    {
        var round = $"T{Interlocked.Increment(ref _rounds)}-{Guid.NewGuid():N}"[..12];
        var now = Now;
        await using var db = Db();
        var training = Obligation(TrainingKey, round, new DateOnly(2013, 6, 30), now);
        var research = Obligation(ResearchKey, round, new DateOnly(2013, 7, 15), now);
        db.Obligations.AddRange(training, research);
        var token = ReplyTokens.NewToken();
        var row = ReplyTokens.Issue(db, token, Institution, round, language, now, now + (validFor ?? TimeSpan.FromDays(30)), null);
        if (revoked)
        {
            row.RevokedAt = now;
        }

        await db.SaveChangesAsync();
        return new SeededRound(token, row.Id, round, training.Id, research.Id);
    }

    private static Obligation Obligation(string key, string round, DateOnly due, DateTime now) => new()
    {
        ActivityKey = key,
        InstitutionId = Institution,
        PeriodLabel = round,
        PeriodStart = new DateOnly(2013, 1, 1),
        PeriodEnd = new DateOnly(2013, 6, 30),
        NominalDue = due,
        DueDate = due,
        Status = ObligationStatus.Reminded,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A client that keeps the antiforgery cookie and shows redirects instead of following them.</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>Everything the form could have written, to prove a request wrote nothing.</summary>
    internal async Task<string> SnapshotAsync(SeededRound seeded)
    {
        await using var db = Db();
        var ids = new[] { seeded.TrainingId, seeded.ResearchId };
        var reports = await db.Reports.CountAsync(r => ids.Contains(r.ObligationId));
        var evidence = await db.Evidence.CountAsync();
        var drafts = await db.FormDrafts.CountAsync(d => d.ReplyTokenId == seeded.TokenId);
        var outbox = await db.Outbox.CountAsync();
        var statuses = string.Join(",", await db.Obligations.Where(o => ids.Contains(o.Id)).OrderBy(o => o.Id).Select(o => o.Status.ToString() + o.UpdatedAt.Ticks).ToListAsync());
        var tokens = string.Join(",", await db.ReplyTokens.OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.RevokedAt}:{t.ExpiresAt.Ticks}").ToListAsync());
        var journal = await db.Journal.CountAsync();
        return $"reports={reports} evidence={evidence} drafts={drafts} outbox={outbox} obligations={statuses} tokens={tokens} journal={journal}";
    }

    internal static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("no antiforgery field in the page");
}
