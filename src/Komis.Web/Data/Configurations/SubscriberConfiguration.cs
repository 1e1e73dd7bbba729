using Komis.Domain.Accounts;
using Komis.Domain.Subscribers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Komis.Web.Data.Configurations;

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public const string CodeSequence = "subscriber_code_seq";

    public void Configure(EntityTypeBuilder<Subscriber> builder)
    {
        builder.ToTable("subscribers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Code).HasMaxLength(SubscriberCode.Length).IsFixedLength();
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasOne<KomisUser>().WithOne().HasForeignKey<Subscriber>(s => s.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.FullName).HasMaxLength(Subscriber.FullNameMaxLength);
        // One subscriber per person: the FIN's keyed hash is unique, so a second registration cannot slip in.
        builder.HasIndex(s => s.FinHash).IsUnique();
        builder.HasIndex(s => s.IdCardHash);
        builder.Property(s => s.IdCardMasked).HasMaxLength(16);
        builder.Property(s => s.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(s => s.FirstName);
        builder.HasMany(s => s.Accounts).WithOne().HasForeignKey(a => a.SubscriberId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Accounts).HasField("_accounts").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SubscriberAccountConfiguration : IEntityTypeConfiguration<SubscriberAccount>
{
    public void Configure(EntityTypeBuilder<SubscriberAccount> builder)
    {
        builder.ToTable("subscriber_accounts");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => new { a.SubscriberId, a.BillerAccountId }).IsUnique();
        builder.HasIndex(a => a.BillerAccountId);
        builder.HasOne<BillerAccount>().WithMany().HasForeignKey(a => a.BillerAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistrationDraftConfiguration : IEntityTypeConfiguration<RegistrationDraft>
{
    public void Configure(EntityTypeBuilder<RegistrationDraft> builder)
    {
        builder.ToTable("registration_drafts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.FullName).HasMaxLength(Subscriber.FullNameMaxLength);
        builder.Property(d => d.IdCardMasked).HasMaxLength(16);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property<List<long>>("_accountIds").HasColumnName("account_ids");
        builder.Ignore(d => d.AccountIds);
        builder.Ignore(d => d.IsCompleted);
        builder.Property(d => d.ProtectedSheetPassword).HasMaxLength(1000);
        builder.HasIndex(d => d.ExpiresAt);
    }
}
