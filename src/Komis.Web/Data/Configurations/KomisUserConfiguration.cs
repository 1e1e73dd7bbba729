using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Komis.Web.Data.Configurations;

internal sealed class KomisUserConfiguration : IEntityTypeConfiguration<KomisUser>
{
    public void Configure(EntityTypeBuilder<KomisUser> builder)
    {
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
    }
}
