using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Komis.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PaymentOrderDeskIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_payment_orders_branch_id_created_at",
                table: "payment_orders",
                columns: new[] { "branch_id", "created_at" },
                filter: "branch_id IS NOT NULL")
                .Annotation("Npgsql:CreatedConcurrently", true);

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
                name: "ix_payment_orders_branch_id_created_at",
                table: "payment_orders");

            migrationBuilder.DropIndex(
                name: "ix_payment_orders_teller_id_created_at",
                table: "payment_orders");
        }
    }
}
