using Komis.Domain.Billers;
using Komis.Domain.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Komis.Web.Data.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.ToTable("agents");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Code).HasMaxLength(20);
        builder.HasIndex(a => a.Code).IsUnique();
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class BranchConfiguration : IEntityTypeConfiguration<Branch>
{
    public void Configure(EntityTypeBuilder<Branch> builder)
    {
        builder.ToTable("branches");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Code).HasMaxLength(20);
        builder.HasIndex(b => b.Code).IsUnique();
        builder.Property(b => b.Name).HasMaxLength(200);
        builder.Property(b => b.Address).HasMaxLength(300);
        builder.Property(b => b.City).HasMaxLength(100);
        builder.HasOne<Agent>().WithMany().HasForeignKey(b => b.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => b.AgentId);
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.ToTable("staff_members");
        builder.HasKey(s => s.UserId);
        builder.HasOne<KomisUser>().WithOne().HasForeignKey<StaffMember>(s => s.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.FullName).HasMaxLength(200);
        builder.Property(s => s.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Agent>().WithMany().HasForeignKey(s => s.AgentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Branch>().WithMany().HasForeignKey(s => s.BranchId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Biller>().WithMany().HasForeignKey(s => s.BillerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("audit_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Actor).HasMaxLength(100);
        builder.Property(r => r.ClientAddress).HasMaxLength(64);
        builder.Property(r => r.Action).HasMaxLength(64);
        builder.Property(r => r.Details).HasMaxLength(2000);
        builder.Property(r => r.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.Hash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(r => r.Sequence).IsUnique();
        builder.HasIndex(r => r.Id).HasFilter("hash IS NULL").HasDatabaseName("ix_audit_records_unsealed");
        builder.HasIndex(r => new { r.BranchId, r.At });
        // The operators' audit page reads one day at a time: a BRIN index (records are written in time order) finds the
        // day's blocks for a few kilobytes, and costs the writers, payments among them, next to nothing.
        builder.HasIndex(r => r.At).HasMethod("brin").IsCreatedConcurrently();
        builder.Ignore(r => r.IsSealed);
    }
}

internal sealed class BranchDayConfiguration : IEntityTypeConfiguration<BranchDay>
{
    public void Configure(EntityTypeBuilder<BranchDay> builder)
    {
        builder.ToTable("branch_days");
        builder.HasKey(d => new { d.BranchId, d.Date });
        builder.HasOne<Branch>().WithMany().HasForeignKey(d => d.BranchId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.LedgerCash).HasPrecision(18, 2);
        builder.Property(d => d.Paid).HasPrecision(18, 2);
        builder.Property(d => d.Reversed).HasPrecision(18, 2);
    }
}
