using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PlanWorkflows.Core.Data;

internal sealed class ActivityRecordConfiguration : IEntityTypeConfiguration<ActivityRecord>
{
    public void Configure(EntityTypeBuilder<ActivityRecord> builder)
    {
        builder.ToTable("Activities");
        builder.HasKey(a => a.Key);
        builder.Property(a => a.Key).HasMaxLength(200);
        builder.Property(a => a.AreaId).HasMaxLength(150);
        builder.Property(a => a.AreaTitle).HasMaxLength(300);
        builder.Property(a => a.Code).HasMaxLength(40);
        builder.Property(a => a.AreaCode).HasMaxLength(10);
        builder.Ignore(a => a.Reference);
        builder.Property(a => a.ScheduleKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.TimeframeText).HasMaxLength(500);
        builder.Property(a => a.DefinitionName).HasMaxLength(100);
    }
}

internal sealed class InstitutionRecordConfiguration : IEntityTypeConfiguration<InstitutionRecord>
{
    public void Configure(EntityTypeBuilder<InstitutionRecord> builder)
    {
        builder.ToTable("Institutions");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).HasMaxLength(100);
        builder.Property(i => i.Kind).HasMaxLength(30);
        builder.Property(i => i.NameEn).HasMaxLength(300);
        builder.Property(i => i.NameCnr).HasMaxLength(300);
        builder.HasMany(i => i.Contacts).WithOne().HasForeignKey(c => c.InstitutionId);
    }
}

internal sealed class ContactRecordConfiguration : IEntityTypeConfiguration<ContactRecord>
{
    public void Configure(EntityTypeBuilder<ContactRecord> builder)
    {
        builder.ToTable("Contacts");
        builder.Property(c => c.InstitutionId).HasMaxLength(100);
        builder.Property(c => c.Role).HasMaxLength(30);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.Language).HasMaxLength(10);
        builder.HasIndex(c => c.Email);
    }
}

internal sealed class ObligationConfiguration : IEntityTypeConfiguration<Obligation>
{
    public void Configure(EntityTypeBuilder<Obligation> builder)
    {
        builder.ToTable("Obligations");
        builder.Property(o => o.ActivityKey).HasMaxLength(200);
        builder.Property(o => o.InstitutionId).HasMaxLength(100);
        builder.Property(o => o.PeriodLabel).HasMaxLength(40);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(o => new { o.ActivityKey, o.InstitutionId, o.PeriodLabel }).IsUnique();
        builder.HasIndex(o => new { o.InstitutionId, o.DueDate });
        builder.HasIndex(o => o.Status);
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Channel).HasMaxLength(20);
        builder.Property(r => r.SubmittedBy).HasMaxLength(200);
        builder.Property(r => r.RecordedBy).HasMaxLength(320);
        builder.Property(r => r.Review).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ReviewedBy).HasMaxLength(320);
        builder.HasIndex(r => r.InboundMessageId);
        builder.HasIndex(r => new { r.ObligationId, r.Version }).IsUnique();
        builder.HasOne<Obligation>().WithMany().HasForeignKey(r => r.ObligationId);
    }
}

internal sealed class WorkflowDefinitionRecordConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(d => new { d.Name, d.Version }).IsUnique();
    }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.Property(i => i.DefinitionName).HasMaxLength(100);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Revision).IsConcurrencyToken();
        builder.HasIndex(i => i.ObligationId);
        builder.HasIndex(i => i.Status);
    }
}

internal sealed class BookmarkConfiguration : IEntityTypeConfiguration<Bookmark>
{
    public void Configure(EntityTypeBuilder<Bookmark> builder)
    {
        builder.ToTable("Bookmarks");
        builder.Property(b => b.StepId).HasMaxLength(100);
        builder.Property(b => b.Kind).HasMaxLength(20);
        builder.HasIndex(b => b.InstanceId);
        builder.HasOne<WorkflowInstance>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> builder)
    {
        builder.ToTable("WorkflowTimers");
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.LeaseToken).HasMaxLength(40);
        builder.HasIndex(t => t.DueAt);
        builder.HasIndex(t => t.InstanceId);
        builder.HasIndex(t => t.LeaseToken);
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("Journal");
        builder.Property(j => j.StepId).HasMaxLength(100);
        builder.Property(j => j.StepType).HasMaxLength(50);
        builder.Property(j => j.Event).HasMaxLength(50);
        builder.HasIndex(j => j.InstanceId);
        builder.HasIndex(j => j.ObligationId);
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("Incidents");
        builder.Property(i => i.StepId).HasMaxLength(100);
        builder.Property(i => i.Source).HasMaxLength(20);
        builder.HasIndex(i => i.InstanceId);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(o => o.MessageId).HasMaxLength(200);
        builder.Property(o => o.InstitutionId).HasMaxLength(100);
        builder.Property(o => o.Template).HasMaxLength(100);
        builder.Property(o => o.Language).HasMaxLength(10);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(o => o.MessageId).IsUnique();
        builder.HasIndex(o => new { o.Status, o.NotBefore });
        builder.HasIndex(o => o.ObligationId);
    }
}

internal sealed class PackRequestConfiguration : IEntityTypeConfiguration<PackRequest>
{
    public void Configure(EntityTypeBuilder<PackRequest> builder)
    {
        builder.ToTable("PackRequests");
        builder.Property(p => p.Language).HasMaxLength(10);
        builder.Property(p => p.Status).HasMaxLength(20);
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> builder)
    {
        builder.ToTable("Evidence");
        builder.Property(e => e.FileName).HasMaxLength(Evidence.FileNameLength);
        builder.Property(e => e.ContentType).HasMaxLength(Evidence.ContentTypeLength);
        builder.HasOne<Report>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReplyTokenConfiguration : IEntityTypeConfiguration<ReplyToken>
{
    public void Configure(EntityTypeBuilder<ReplyToken> builder)
    {
        builder.ToTable("ReplyTokens");
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.Property(t => t.InstitutionId).HasMaxLength(100);
        builder.Property(t => t.Round).HasMaxLength(40);
        builder.Property(t => t.Language).HasMaxLength(10);
        builder.Property(t => t.MessageId).HasMaxLength(200);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.MessageId);
        builder.HasIndex(t => new { t.InstitutionId, t.Round });
    }
}

internal sealed class FormDraftConfiguration : IEntityTypeConfiguration<FormDraft>
{
    public void Configure(EntityTypeBuilder<FormDraft> builder)
    {
        builder.ToTable("FormDrafts");
        builder.HasIndex(d => new { d.ReplyTokenId, d.ObligationId }).IsUnique();
    }
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("InboundMessages");
        builder.Property(m => m.MessageId).HasMaxLength(300);
        builder.Property(m => m.Mailbox).HasMaxLength(200);
        builder.Property(m => m.From).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.Kind).HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => m.Status);
    }
}

internal sealed class MailboxStateConfiguration : IEntityTypeConfiguration<MailboxState>
{
    public void Configure(EntityTypeBuilder<MailboxState> builder)
    {
        builder.ToTable("MailboxStates");
        builder.HasKey(m => m.Mailbox);
        builder.Property(m => m.Mailbox).HasMaxLength(200);
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.ToTable("ExtensionRequests");
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.Property(e => e.RequestedBy).HasMaxLength(200);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.DecidedBy).HasMaxLength(200);
        builder.Property(e => e.OfficeComment).HasMaxLength(2000);
        builder.HasIndex(e => new { e.ObligationId, e.Status });
        builder.HasIndex(e => e.Status);
        builder.HasOne<Obligation>().WithMany().HasForeignKey(e => e.ObligationId);
    }
}
