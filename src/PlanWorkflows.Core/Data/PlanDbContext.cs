using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PlanWorkflows.Core.Data;

/// <summary>The one model for catalogue, obligations, reports, workflows, timers, journal and outbox.</summary>
public sealed class PlanDbContext(DbContextOptions<PlanDbContext> options) : DbContext(options)
{
    public DbSet<ActivityRecord> Activities => Set<ActivityRecord>();
    public DbSet<InstitutionRecord> Institutions => Set<InstitutionRecord>();
    public DbSet<ContactRecord> Contacts => Set<ContactRecord>();
    public DbSet<Obligation> Obligations => Set<Obligation>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<WorkflowDefinitionRecord> Definitions => Set<WorkflowDefinitionRecord>();
    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<WorkflowTimer> Timers => Set<WorkflowTimer>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<PackRequest> PackRequests => Set<PackRequest>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<ReplyToken> ReplyTokens => Set<ReplyToken>();
    public DbSet<FormDraft> FormDrafts => Set<FormDraft>();
    public DbSet<InboundMessage> Inbound => Set<InboundMessage>();
    public DbSet<MailboxState> Mailboxes => Set<MailboxState>();
    public DbSet<ExtensionRequest> Extensions => Set<ExtensionRequest>();
    public DbSet<OfficeUser> Users => Set<OfficeUser>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<WarningResolution> WarningResolutions => Set<WarningResolution>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlanDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every instant is stored in UTC and read back as UTC, whatever the provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
