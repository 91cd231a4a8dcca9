using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ModelHub.Database.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Validation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ValidationReport",
                table: "Versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ValidationSettings",
                table: "Versions",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ValidationJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ValidationJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ValidationJobs_Versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Variants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Precision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    IsReference = table.Column<bool>(type: "boolean", nullable: false),
                    Providers = table.Column<List<string>>(type: "text[]", nullable: false),
                    MinMemoryMb = table.Column<long>(type: "bigint", nullable: true),
                    Quality = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Variants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Variants_Versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ValidationJobs_CompletedAt",
                table: "ValidationJobs",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ValidationJobs_VersionId",
                table: "ValidationJobs",
                column: "VersionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Variants_VersionId_Name",
                table: "Variants",
                columns: new[] { "VersionId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ValidationJobs");

            migrationBuilder.DropTable(
                name: "Variants");

            migrationBuilder.DropColumn(
                name: "ValidationReport",
                table: "Versions");

            migrationBuilder.DropColumn(
                name: "ValidationSettings",
                table: "Versions");
        }
    }
}
