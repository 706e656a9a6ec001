using Microsoft.Extensions.Options;
using PlanWorkflows.Core;
using PlanWorkflows.Core.Catalogue;
using PlanWorkflows.Core.Clock;
using PlanWorkflows.Core.Data;
using PlanWorkflows.Core.Institutions;
using PlanWorkflows.Core.Mail;
using PlanWorkflows.Core.Obligations;
using PlanWorkflows.Core.Packs;
using PlanWorkflows.Core.Replies;
using PlanWorkflows.Core.Schedules;
using PlanWorkflows.Core.Workflows.Definitions;
using PlanWorkflows.Core.Workflows.Runtime;
using PlanWorkflows.Core.Workflows.Steps;
using PlanWorkflows.Server.Designer;
using PlanWorkflows.Server.Forms;
using PlanWorkflows.Server.Office;

namespace PlanWorkflows.Server.Hosting;

/// <summary>Builds the service: one executable whose roles (web, worker) come from configuration.</summary>
public static class ServiceHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The program's own folder holds appsettings.json and the embedded defaults, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (!ListensWhereTold(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Configuration.AddSecretsFolder(builder.Configuration);
        // Both are inert unless started by the Windows service manager or by systemd (Type=notify).
        builder.Services.AddWindowsService(o => o.ServiceName = "PlanWorkflows").AddSystemd();
        builder.Logging.KeepReplyTokensOut();
        configure?.Invoke(builder);
        builder.Services.AddPlanWorkflows(builder.Configuration);
        var app = builder.Build();
        app.MapPlanWorkflows();
        return app;
    }

    /// <summary>Where the service listens when the operator names no address: this machine only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Whether the operator said where to listen, in any of ASP.NET Core's own ways: <c>--urls</c>,
    /// <c>ASPNETCORE_URLS</c> or <c>Urls</c>; <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTPS_PORTS</c>; Kestrel endpoints.
    /// The default applies only when none of them is set, so it never hides one.
    /// </summary>
    public static bool ListensWhereTold(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }

    public static IServiceCollection AddPlanWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        var service = Bind<ServiceOptions>(configuration, ServiceOptions.SectionName);
        var database = Bind<DatabaseOptions>(configuration, DatabaseOptions.SectionName);
        var engine = Bind<EngineOptions>(configuration, EngineOptions.SectionName);
        var clock = Bind<ClockOptions>(configuration, ClockOptions.SectionName);
        var outbox = Bind<OutboxOptions>(configuration, OutboxOptions.SectionName);
        var mail = Bind<MailOptions>(configuration, MailOptions.SectionName);
        if (outbox.Validate() is { Count: > 0 } outboxErrors)
        {
            throw new OptionsValidationException(OutboxOptions.SectionName, typeof(OutboxOptions), outboxErrors);
        }

        var packs = Bind<PackOptions>(configuration, PackOptions.SectionName);
        var inbox = Bind<InboxOptions>(configuration, InboxOptions.SectionName);
        if (inbox.Validate() is { Count: > 0 } inboxErrors)
        {
            throw new OptionsValidationException(InboxOptions.SectionName, typeof(InboxOptions), inboxErrors);
        }

        var workspace = ServiceWorkspace.Load(configuration);
        var (catalogue, calendar, meetingPlan) = (workspace.Catalogue, workspace.Calendar, workspace.Meetings);
        // The catalogue's Montenegrin text (action-plan-….cnr.yaml beside it); a malformed file stops the start with its line.
        var planText = PlanText.LoadBeside(catalogue, workspace.CataloguePath, MailLanguages.Montenegrin);
        var templates = MailTemplates.Load(configuration["Mail:Templates"] ?? EmailTemplatesFolder.Locate());
        if (templates.Check() is { Count: > 0 } templateErrors)
        {
            // A broken template would fail at the first reminder; refuse to start instead.
            throw new ImportException(templates.Folder, 0, $"mail templates have errors: {string.Join("; ", templateErrors)}");
        }

        services.AddSingleton(service).AddSingleton(database).AddSingleton(engine).AddSingleton(clock);
        services.AddSingleton(workspace).AddSingleton(catalogue).AddSingleton(workspace.Institutions).AddSingleton(calendar)
            .AddSingleton(workspace.Definitions).AddSingleton(workspace.Bindings);
        services.AddSingleton(new CataloguePath(workspace.CataloguePath));
        services.AddSingleton(planText).AddSingleton(packs);
        services.AddSingleton(sp => new PackArchiver(sp.GetRequiredService<Func<PlanDbContext>>(), calendar, packs, plan: meetingPlan, mail: mail, text: planText));
        var serviceClock = ServiceClock.Create(clock, () => catalogue);
        Leases.MeasureInRealTime(serviceClock, engine, outbox);
        services.AddSingleton(serviceClock);
        var contextOptions = PlanDatabase.Options(database);
        services.AddSingleton<Func<PlanDbContext>>(() => new PlanDbContext(contextOptions));
        services.AddSingleton(sp => new WorkflowEngine(sp.GetRequiredService<Func<PlanDbContext>>(), sp.GetRequiredService<TimeProvider>(), engine, calendar));
        services.AddSingleton<StartupGate>();
        services.AddSingleton(outbox).AddSingleton(mail).AddSingleton(templates);
        services.AddSingleton<IMailTransport>(_ => string.IsNullOrWhiteSpace(outbox.Smtp.Host)
            ? new PickupFolderTransport(outbox.PickupFolder)
            : new SmtpMailTransport(outbox.Smtp));
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var composer = new TemplatedOutboxComposer(templates, new MailComposer(mail, time),
                new DigestBuilder(mail, DigestBuilder.IndicatorsOf(catalogue),
                    calendar: calendar, lastReports: new LastReports(sp.GetRequiredService<Func<PlanDbContext>>()).FindAll, text: planText), mail, text: planText);
            var archiver = sp.GetRequiredService<PackArchiver>();
            var logger = sp.GetRequiredService<ILogger<OutboxSender>>();
            // The pack is built in the round that sends its mail, so pack-ready never leaves without it.
            return new OutboxSender(sp.GetRequiredService<Func<PlanDbContext>>(), time, sp.GetRequiredService<IMailTransport>(),
                archiver.Composing(composer.Compose, (ex, held) => Log.PackNotBuilt(logger, ex, held)),
                outbox, calendar);
        });
        services.AddHostedService<StartupTasks>();
        // A stop lets a mail under way finish within one more SMTP timeout (SmtpMailTransport), then the QUIT: wait for that.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromTicks(Math.Max(host.ShutdownTimeout.Ticks, (outbox.Smtp.Timeout + TimeSpan.FromSeconds(15)).Ticks)));
        services.AddPlanHealth(configuration, service, outbox, inbox).AddPlanSecurity(configuration, service).AddPlanTelemetry(configuration);
        if (service.HasRole("web"))
        {
            services.AddReplyForm(configuration);
            services.AddOffice(configuration);
        }

        if (service.HasRole("worker"))
        {
            services.AddHostedService<EngineWorker>();
            services.AddHostedService<OutboxWorker>();
            if (!string.IsNullOrWhiteSpace(inbox.Host))
            {
                services.AddSingleton(inbox);
                services.AddSingleton(sp => new MailboxFetcher(sp.GetRequiredService<Func<PlanDbContext>>(), sp.GetRequiredService<TimeProvider>(), inbox));
                services.AddSingleton(sp => new InboundProcessor(sp.GetRequiredService<Func<PlanDbContext>>(), sp.GetRequiredService<TimeProvider>(), inbox, mail.ReplyDomain, planText));
                services.AddHostedService<InboxWorker>();
            }
        }

        return services;
    }

    public static WebApplication MapPlanWorkflows(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var service = app.Services.GetRequiredService<ServiceOptions>();
        app.UsePlanSecurity();
        app.MapPlanHealth();
        if (service.HasRole("web"))
        {
            StatusEndpoints.Map(app);
            ReplyFormEndpoints.Map(app);
            app.MapOffice();
            // The designer changes what every institution is sent: the Office role only.
            DesignerEndpoints.Map(app).RequireAuthorization(OfficePolicies.Office);
            // Elsa Studio's API: every Office role reads (Studio then shows the definition read-only), the Office writes.
            Studio.ElsaApi.Map(app);
            Studio.StudioEndpoints.Map(app, Studio.StudioEndpoints.Locate(app.Configuration));
            PackEndpoints.Map(app);
        }

        var clock = app.Services.GetRequiredService<TimeProvider>();
        if (clock is DemoTimeProvider demo)
        {
            Log.DemoClock(app.Logger, demo.DemoStart, demo.Speed);
        }

        var catalogue = app.Services.GetRequiredService<PlanCatalogue>();
        var activityCount = catalogue.Activities.Count();
        Log.CatalogueLoaded(app.Logger, catalogue.Plan.Title, activityCount, catalogue.Areas.Count, app.Services.GetRequiredService<CataloguePath>().Path);
        return app;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}

public sealed record CataloguePath(string Path);
