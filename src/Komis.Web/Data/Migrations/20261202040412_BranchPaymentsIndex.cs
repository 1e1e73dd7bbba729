using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Komis.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class BranchPaymentsIndex : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payment_orders_branch_id_created_at",
                table: "payment_orders");
        }
    }
}
