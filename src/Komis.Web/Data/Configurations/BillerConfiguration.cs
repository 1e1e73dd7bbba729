using Komis.Domain.Billers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Komis.Web.Data.Configurations;

internal sealed class BillerConfiguration : IEntityTypeConfiguration<Biller>
{
    public void Configure(EntityTypeBuilder<Biller> builder)
    {
        builder.ToTable("billers");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Code).HasMaxLength(Biller.CodeMaxLength);
        builder.HasIndex(b => b.Code).IsUnique();
        builder.OwnsOne(b => b.Name, name =>
        {
            name.Property(n => n.Az).HasColumnName("name_az").HasMaxLength(Biller.NameMaxLength);
            name.Property(n => n.Ru).HasColumnName("name_ru").HasMaxLength(Biller.NameMaxLength);
            name.Property(n => n.En).HasColumnName("name_en").HasMaxLength(Biller.NameMaxLength);
        });
        builder.Navigation(b => b.Name).IsRequired();
        builder.OwnsOne(b => b.AccountFormat, format =>
        {
            format.Property(f => f.Pattern).HasColumnName("account_pattern").HasMaxLength(AccountNumberFormat.PatternMaxLength);
            format.Property(f => f.Example).HasColumnName("account_example").HasMaxLength(AccountNumberFormat.MaxLength);
            format.OwnsOne(f => f.Description, d =>
            {
                d.Property(n => n.Az).HasColumnName("account_description_az").HasMaxLength(200);
                d.Property(n => n.Ru).HasColumnName("account_description_ru").HasMaxLength(200);
                d.Property(n => n.En).HasColumnName("account_description_en").HasMaxLength(200);
            });
            format.Navigation(f => f.Description).IsRequired();
        });
        builder.Navigation(b => b.AccountFormat).IsRequired();
        builder.Property(b => b.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.SettlementBank).HasMaxLength(Biller.BankMaxLength);
        builder.Property(b => b.SettlementIban).HasMaxLength(Biller.IbanMaxLength);
        builder.Property(b => b.OnlineEndpoint).HasMaxLength(Biller.EndpointMaxLength);
        builder.Property(b => b.WebhookUrl).HasMaxLength(Biller.EndpointMaxLength);
        builder.Property(b => b.WebhookSecretProtected).HasMaxLength(1000);
        builder.Property(b => b.MinPayment).HasPrecision(18, 2);
        builder.Property(b => b.MaxPayment).HasPrecision(18, 2);
        builder.Ignore(b => b.IsActive);
    }
}

internal sealed class BillerApiKeyConfiguration : IEntityTypeConfiguration<BillerApiKey>
{
    public void Configure(EntityTypeBuilder<BillerApiKey> builder)
    {
        builder.ToTable("biller_api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Prefix).HasMaxLength(BillerApiKey.PrefixLength);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.HasOne<Biller>().WithMany().HasForeignKey(k => k.BillerId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(k => k.IsActive);
    }
}
