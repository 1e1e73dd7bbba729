using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Payments;
using Komis.Domain.Subscribers;
using Komis.Web.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Komis.Web.Data.Configurations;

internal sealed class PaymentOrderConfiguration : IEntityTypeConfiguration<PaymentOrder>
{
    public void Configure(EntityTypeBuilder<PaymentOrder> builder)
    {
        builder.ToTable("payment_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(PaymentOrder.IdempotencyKeyMaxLength);
        // A double click, a refresh or a replay carries the same key: the database lets only one order have it.
        builder.HasIndex(o => o.IdempotencyKey).IsUnique();
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.ServicePoint).HasMaxLength(200);
        builder.Property(o => o.Amount).HasPrecision(18, 2);
        builder.Property(o => o.Fee).HasPrecision(18, 2);
        builder.Property(o => o.AcquirerReference).HasMaxLength(64);
        builder.Ignore(o => o.Total);
        builder.HasIndex(o => new { o.SubscriberId, o.CreatedAt });
        // A teller's payments of the day, newest first (the desk's list); orders from the portal have no teller.
        // Built concurrently: a deployment onto a live table does not hold the payments up while it is made.
        builder.HasIndex(o => new { o.TellerId, o.CreatedAt }).HasFilter("teller_id IS NOT NULL").IsCreatedConcurrently();
        // A branch's (and an agent's) payments of a day or a period: the supervisor's day and its close, the agent's report.
        builder.HasIndex(o => new { o.BranchId, o.CreatedAt }).HasFilter("branch_id IS NOT NULL").IsCreatedConcurrently();
        builder.HasIndex(o => o.ExpiresAt).HasFilter("status = 'Pending'");
        builder.HasOne<Subscriber>().WithMany().HasForeignKey(o => o.SubscriberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Payments).WithOne().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(o => o.Payments).HasField("_payments").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public const string ReceiptSequence = "receipt_number_seq";

    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments", t => t.HasCheckConstraint("ck_payments_amount_positive", "amount > 0 AND fee >= 0"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.AccountNumber).HasMaxLength(AccountNumberFormat.MaxLength);
        builder.Property(p => p.Amount).HasPrecision(18, 2);
        builder.Property(p => p.Fee).HasPrecision(18, 2);
        builder.Property(p => p.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ReversalReason).HasMaxLength(500);
        builder.Property(p => p.ReceiptNumber).HasMaxLength(12).IsFixedLength();
        builder.HasIndex(p => p.ReceiptNumber).IsUnique();
        builder.HasIndex(p => new { p.BillerAccountId, p.PaidAt });
        builder.HasIndex(p => new { p.BillerId, p.PaidAt });
        // The operator's fortnight of totals (all billers, all channels): payments come in about the order they are
        // paid, so a block range index finds a fortnight in a table of years for a few pages of index, and costs
        // nothing measurable per insert.
        builder.HasIndex(p => p.PaidAt).HasMethod("brin").IsCreatedConcurrently();
        builder.Ignore(p => p.Total);
        builder.HasOne<Biller>().WithMany().HasForeignKey(p => p.BillerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<BillerAccount>().WithMany().HasForeignKey(p => p.BillerAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Allocations).WithOne().HasForeignKey(a => a.PaymentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Allocations).HasField("_allocations").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PaymentAllocationConfiguration : IEntityTypeConfiguration<PaymentAllocation>
{
    public void Configure(EntityTypeBuilder<PaymentAllocation> builder)
    {
        builder.ToTable("payment_allocations", t => t.HasCheckConstraint("ck_payment_allocations_amount_positive", "amount > 0"));
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Period)
            .HasConversion(p => p.HasValue ? p.Value.FirstDay : (DateOnly?)null, d => d.HasValue ? BillingPeriod.FromDate(d.Value) : null)
            .HasColumnType("date");
        builder.Property(a => a.Amount).HasPrecision(18, 2);
        builder.HasIndex(a => a.PaymentId);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entries", t => t.HasCheckConstraint("ck_ledger_entries_one_side",
            "debit >= 0 AND credit >= 0 AND (debit = 0) <> (credit = 0)"));
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Account).HasMaxLength(LedgerEntry.AccountMaxLength);
        builder.Property(e => e.Debit).HasPrecision(18, 2);
        builder.Property(e => e.Credit).HasPrecision(18, 2);
        builder.Property(e => e.Memo).HasMaxLength(100);
        builder.HasIndex(e => e.JournalId);
        builder.HasIndex(e => e.PaymentId);
        builder.HasIndex(e => new { e.Account, e.CreatedAt });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.DeliveredVia).HasMaxLength(10);
        builder.Property(m => m.LastError).HasMaxLength(300);
        builder.HasIndex(m => new { m.BillerId, m.Id });
        // The dispatcher's work list: undelivered messages only.
        builder.HasIndex(m => new { m.BillerId, m.Id }).HasFilter("delivered_at IS NULL").HasDatabaseName("ix_outbox_messages_undelivered");
        builder.HasOne<Biller>().WithMany().HasForeignKey(m => m.BillerId).OnDelete(DeleteBehavior.Restrict);
    }
}
