using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Komis.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Subscribers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "subscriber_code_seq",
                startValue: 0L,
                minValue: 0L);

            migrationBuilder.CreateTable(
                name: "registration_drafts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    fin_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    id_card_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    id_card_masked = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    branch_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    subscriber_id = table.Column<Guid>(type: "uuid", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    protected_sheet_password = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    account_ids = table.Column<List<long>>(type: "bigint[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registration_drafts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subscribers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character(10)", fixedLength: true, maxLength: 10, nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    fin_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    id_card_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    id_card_masked = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscribers", x => x.id);
                    table.ForeignKey(
                        name: "fk_subscribers_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "subscriber_accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    subscriber_id = table.Column<Guid>(type: "uuid", nullable: false),
                    biller_account_id = table.Column<long>(type: "bigint", nullable: false),
                    linked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscriber_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_subscriber_accounts_biller_accounts_biller_account_id",
                        column: x => x.biller_account_id,
                        principalTable: "biller_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscriber_accounts_subscribers_subscriber_id",
                        column: x => x.subscriber_id,
                        principalTable: "subscribers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_registration_drafts_expires_at",
                table: "registration_drafts",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_subscriber_accounts_biller_account_id",
                table: "subscriber_accounts",
                column: "biller_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_subscriber_accounts_subscriber_id_biller_account_id",
                table: "subscriber_accounts",
                columns: new[] { "subscriber_id", "biller_account_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subscribers_code",
                table: "subscribers",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subscribers_fin_hash",
                table: "subscribers",
                column: "fin_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_subscribers_id_card_hash",
                table: "subscribers",
                column: "id_card_hash");

            migrationBuilder.CreateIndex(
                name: "ix_subscribers_user_id",
                table: "subscribers",
                column: "user_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "registration_drafts");

            migrationBuilder.DropTable(
                name: "subscriber_accounts");

            migrationBuilder.DropTable(
                name: "subscribers");

            migrationBuilder.DropSequence(
                name: "subscriber_code_seq");
        }
    }
}
