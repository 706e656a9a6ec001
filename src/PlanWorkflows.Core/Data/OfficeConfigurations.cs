using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PlanWorkflows.Core.Data;

internal sealed class OfficeUserConfiguration : IEntityTypeConfiguration<OfficeUser>
{
    public void Configure(EntityTypeBuilder<OfficeUser> builder)
    {
        builder.ToTable("OfficeUsers");
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.Role).HasMaxLength(20);
        builder.Property(u => u.PasswordHash).HasMaxLength(200);
        builder.HasIndex(u => u.Email).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.User).HasMaxLength(320);
        builder.Property(a => a.Action).HasMaxLength(60);
        builder.Property(a => a.Entity).HasMaxLength(60);
        builder.Property(a => a.EntityId).HasMaxLength(200);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Entity, a.EntityId });
    }
}

internal sealed class WarningResolutionConfiguration : IEntityTypeConfiguration<WarningResolution>
{
    public void Configure(EntityTypeBuilder<WarningResolution> builder)
    {
        builder.ToTable("WarningResolutions");
        builder.Property(w => w.WarningHash).HasMaxLength(64);
        builder.Property(w => w.ActivityKey).HasMaxLength(200);
        builder.Property(w => w.ResolvedBy).HasMaxLength(320);
        builder.HasIndex(w => w.WarningHash).IsUnique();
    }
}
