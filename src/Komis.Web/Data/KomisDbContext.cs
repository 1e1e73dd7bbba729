using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.Domain.Subscribers;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Data;

/// <summary>The system of record: Identity, the domain, and Data Protection keys in one PostgreSQL database.</summary>
public sealed class KomisDbContext(DbContextOptions<KomisDbContext> options)
    : IdentityDbContext<KomisUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Biller> Billers => Set<Biller>();

    public DbSet<BillerApiKey> BillerApiKeys => Set<BillerApiKey>();

    public DbSet<BillerAccount> BillerAccounts => Set<BillerAccount>();

    public DbSet<Charge> Charges => Set<Charge>();

    public DbSet<Subscriber> Subscribers => Set<Subscriber>();

    public DbSet<SubscriberAccount> SubscriberAccounts => Set<SubscriberAccount>();

    public DbSet<RegistrationDraft> RegistrationDrafts => Set<RegistrationDraft>();

    public DbSet<PaymentOrder> PaymentOrders => Set<PaymentOrder>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<PaymentAllocation> PaymentAllocations => Set<PaymentAllocation>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<Outbox.OutboxMessage> OutboxMessages => Set<Outbox.OutboxMessage>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<Branch> Branches => Set<Branch>();

    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<BranchDay> BranchDays => Set<BranchDay>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity's own table names, in the snake_case the rest of the schema uses.
        builder.Entity<KomisUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.HasSequence<long>(Configurations.SubscriberConfiguration.CodeSequence).StartsAt(0).HasMin(0);
        builder.HasSequence<long>(Configurations.PaymentConfiguration.ReceiptSequence).StartsAt(1).HasMin(1);
        builder.ApplyConfigurationsFromAssembly(typeof(KomisDbContext).Assembly);
    }
}
