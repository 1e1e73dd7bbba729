using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Komis.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Billers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "billers",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name_az = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_ru = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    account_pattern = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    account_description_az = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    account_description_ru = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    account_description_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    account_example = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    settlement_bank = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    settlement_iban = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    online_endpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    min_payment = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    max_payment = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "biller_accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    biller_id = table.Column<int>(type: "integer", nullable: false),
                    account_number = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    holder_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    holder_fin = table.Column<string>(type: "character(7)", fixedLength: true, maxLength: 7, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    as_of = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_biller_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_biller_accounts_billers_biller_id",
                        column: x => x.biller_id,
                        principalTable: "billers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "biller_api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    biller_id = table.Column<int>(type: "integer", nullable: false),
                    prefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_biller_api_keys", x => x.id);
                    table.ForeignKey(
                        name: "fk_biller_api_keys_billers_biller_id",
                        column: x => x.biller_id,
                        principalTable: "billers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "charges",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    biller_account_id = table.Column<long>(type: "bigint", nullable: false),
                    period = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_charges", x => x.id);
                    table.CheckConstraint("ck_charges_amount_not_negative", "amount >= 0");
                    table.ForeignKey(
                        name: "fk_charges_biller_accounts_biller_account_id",
                        column: x => x.biller_account_id,
                        principalTable: "biller_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_biller_accounts_biller_id_account_number",
                table: "biller_accounts",
                columns: new[] { "biller_id", "account_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_biller_api_keys_biller_id",
                table: "biller_api_keys",
                column: "biller_id");

            migrationBuilder.CreateIndex(
                name: "ix_biller_api_keys_prefix",
                table: "biller_api_keys",
                column: "prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_billers_code",
                table: "billers",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_charges_biller_account_id_period",
                table: "charges",
                columns: new[] { "biller_account_id", "period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "biller_api_keys");

            migrationBuilder.DropTable(
                name: "charges");

            migrationBuilder.DropTable(
                name: "biller_accounts");

            migrationBuilder.DropTable(
                name: "billers");
        }
    }
}
