using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Server.Hosting;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Tests.Office;

/// <summary>
/// The real service (web role) on a free port with a scratch SQLite database and a fake clock, plus one account per
/// role. Tests seed their own rows, so tests sharing the app never depend on each other's changes.
/// </summary>
public sealed class OfficeApp : IAsyncLifetime
{
    public const string Password = OfficeSignIn.Password;
    public const string OfficeEmail = OfficeSignIn.OfficeEmail;
    public const string SecretaryEmail = OfficeSignIn.SecretaryEmail;
    public const string ViewerEmail = OfficeSignIn.ViewerEmail;
    public const string Institution = "test-ministry";
    public const int LockoutThreshold = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("planworkflows-office-").FullName;
    private readonly string[] _extra;
    private WebApplication? _app;
    private int _seeds;

    public OfficeApp()
        : this([])
    {
    }

    internal OfficeApp(params string[] extra) => _extra = extra;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2013, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public string PacksFolder => Path.Combine(_folder, "packs");

    public string ArtifactsFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("not started")).Services;

    public PlanDbContext Db() => Services.GetRequiredService<Func<PlanDbContext>>()();

    public static string EmailOf(string role) => OfficeSignIn.EmailOf(role);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args =
            [
                "--urls", "http://127.0.0.1:0",
                $"--Database:ConnectionString=Data Source={Path.Combine(_folder, "plan.db")};Pooling=False",
                "--Service:Roles=web",
                $"--Packs:ArchiveFolder={PacksFolder}",
                $"--Office:LockoutThreshold={LockoutThreshold}",
                "--Office:LockoutDuration=00:10:00",
                "--Forms:RequestsPerMinute=100000",
                "--Logging:LogLevel:Default=Warning",
                .. _extra,
            ],
        });
        builder.Services.AddPlanWorkflows(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        _app = builder.Build();
        _app.MapPlanWorkflows();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var db = Db();
        await OfficeSignIn.AddAccountsAsync(Services, db);

        db.Institutions.Add(new InstitutionRecord
        {
            Id = Institution,
            Kind = "ministry",
            NameEn = "Test Ministry",
            NameCnr = "Testno ministarstvo",
            Contacts = [new ContactRecord { Role = "focalPoint", Name = "Focal Point", Email = "focal@test-ministry.example", Language = "en" }],
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => TestWebApps.StopAsync(_app, _folder);

    /// <inheritdoc cref="OfficeSignIn.Client"/>
    public HttpClient Client() => OfficeSignIn.Client(BaseAddress);

    /// <inheritdoc cref="OfficeSignIn.SignedInAsync"/>
    public Task<HttpClient> SignedInAsync(string role) => OfficeSignIn.SignedInAsync(BaseAddress, role);

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) => OfficeSignIn.SignInAsync(client, email, password);

    /// <summary>Posts a form with the antiforgery token of a page the client just opened.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageWithToken, string action, Dictionary<string, string>? fields = null)
    {
        var page = await client.GetStringAsync(pageWithToken);
        var values = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = Token(page) };
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public static string Token(string html) => OfficeSignIn.Token(html);

    /// <summary>An obligation of the test institution, with a running instance, a faulted one, a dead letter, a mail to review and an extension request.</summary>
    internal async Task<Seeded> SeedAsync()
    {
        var n = Interlocked.Increment(ref _seeds);
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = Db();
        var activity = $"test-area/9.9.{n}";
        db.Activities.Add(new ActivityRecord { Key = activity, AreaId = "test-area", AreaTitle = "Test area", Code = $"9.9.{n}", Title = $"Test activity {n}", Indicators = "Something done" });
        var obligation = new Obligation
        {
            ActivityKey = activity, InstitutionId = Institution, PeriodLabel = "2013-H1", PeriodStart = new DateOnly(2013, 1, 1), PeriodEnd = new DateOnly(2013, 6, 30),
            NominalDue = new DateOnly(2013, 2, 15), DueDate = new DateOnly(2013, 2, 15), Status = ObligationStatus.Overdue, CreatedAt = now, UpdatedAt = now,
        };
        db.Obligations.Add(obligation);
        await db.SaveChangesAsync();
        var faulted = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = obligation.Id, Status = InstanceStatus.Faulted, StateJson = "{}", CreatedAt = now, UpdatedAt = now };
        var waiting = new WorkflowInstance { DefinitionName = "deadline-report", DefinitionVersion = 1, ObligationId = obligation.Id, Status = InstanceStatus.Waiting, StateJson = "{}", CreatedAt = now, UpdatedAt = now };
        db.Instances.AddRange(faulted, waiting);
        var dead = new OutboxMessage
        {
            MessageId = $"<dead-{n}-{Guid.NewGuid():N}@test>", ObligationId = obligation.Id, InstitutionId = Institution, Template = "reminder", Language = "en",
            To = "focal@test-ministry.example", CreatedAt = now, NotBefore = now, Status = OutboxStatus.DeadLetter, Attempts = 5, LastError = "550 mailbox unavailable",
        };
        db.Outbox.Add(dead);
        var inbound = new InboundMessage
        {
            MessageId = $"<in-{n}-{Guid.NewGuid():N}@test>", Mailbox = "INBOX", ReceivedAt = now, From = "someone@test-ministry.example", Subject = $"Our report {n}",
            Kind = "report", Status = InboundStatus.Review, ResultJson = "{\"freeText\":\"We did it.\"}", Note = "no token",
        };
        db.Inbound.Add(inbound);
        var extension = new ExtensionRequest
        {
            ObligationId = obligation.Id, CurrentDueDate = obligation.DueDate, RequestedDueDate = new DateOnly(2013, 4, 30), Reason = "Waiting for statistics",
            RequestedBy = "Focal Point", RequestedAt = now, Status = ExtensionStatus.Requested,
        };
        db.Extensions.Add(extension);
        await db.SaveChangesAsync();
        db.Incidents.Add(new Incident { InstanceId = faulted.Id, Source = "engine", StepId = "remind", At = now, Attempt = 3, Message = $"template failed {n}" });
        await db.SaveChangesAsync();
        return new Seeded(obligation.Id, faulted.Id, waiting.Id, dead.Id, inbound.Id, extension.Id);
    }
}

internal sealed record Seeded(long ObligationId, long FaultedId, long WaitingId, long DeadLetterId, long InboundId, long ExtensionId);
