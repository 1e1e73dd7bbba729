using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Komis.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TellerRecentPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_teller_id_created_at",
                table: "payment_orders",
                columns: new[] { "teller_id", "created_at" },
                filter: "teller_id IS NOT NULL")
                .Annotation("Npgsql:CreatedConcurrently", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payment_orders_teller_id_created_at",
                table: "payment_orders");
        }
    }
}
