using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ModelHub.Database.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Datasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AddColumn<string>(
                name: "CommitSummary",
                table: "Versions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ParentId",
                table: "Versions",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DerivedBlobs",
                columns: table => new
                {
                    SourceDigest = table.Column<string>(type: "character varying(71)", maxLength: 71, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Digest = table.Column<string>(type: "character varying(71)", maxLength: 71, nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DerivedBlobs", x => new { x.SourceDigest, x.Kind });
                    table.ForeignKey(
                        name: "FK_DerivedBlobs_Blobs_Digest",
                        column: x => x.Digest,
                        principalTable: "Blobs",
                        principalColumn: "Digest",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    Subject = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Jobs_Versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The validation queue becomes the job queue: queued and finished validations carry over, in their order.
            migrationBuilder.Sql(
                "INSERT INTO \"Jobs\" (\"Kind\", \"VersionId\", \"Subject\", \"CreatedAt\", \"Attempts\", \"LeaseOwner\", "
                + "\"LeaseExpiresAt\", \"CompletedAt\") SELECT 'validation', \"VersionId\", '', \"CreatedAt\", \"Attempts\", "
                + "\"LeaseOwner\", \"LeaseExpiresAt\", \"CompletedAt\" FROM \"ValidationJobs\" ORDER BY \"Id\"");

            migrationBuilder.DropTable(
                name: "ValidationJobs");

            migrationBuilder.CreateTable(
                name: "Tables",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    Path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    SourceDigest = table.Column<string>(type: "character varying(71)", maxLength: 71, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    RowCount = table.Column<long>(type: "bigint", nullable: true),
                    Summary = table.Column<string>(type: "text", nullable: true),
                    MaterialisedDigest = table.Column<string>(type: "character varying(71)", maxLength: 71, nullable: true),
                    FilesFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    KeyColumn = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    IndexedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tables_Blobs_MaterialisedDigest",
                        column: x => x.MaterialisedDigest,
                        principalTable: "Blobs",
                        principalColumn: "Digest",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Tables_Versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Versions_ParentId",
                table: "Versions",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_DerivedBlobs_Digest",
                table: "DerivedBlobs",
                column: "Digest");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_CompletedAt",
                table: "Jobs",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_VersionId_Kind_Subject",
                table: "Jobs",
                columns: new[] { "VersionId", "Kind", "Subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tables_MaterialisedDigest",
                table: "Tables",
                column: "MaterialisedDigest");

            migrationBuilder.CreateIndex(
                name: "IX_Tables_SourceDigest",
                table: "Tables",
                column: "SourceDigest");

            migrationBuilder.CreateIndex(
                name: "IX_Tables_VersionId_Path",
                table: "Tables",
                columns: new[] { "VersionId", "Path" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Versions_Versions_ParentId",
                table: "Versions",
                column: "ParentId",
                principalTable: "Versions",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Versions_Versions_ParentId",
                table: "Versions");

            migrationBuilder.DropTable(
                name: "DerivedBlobs");

            migrationBuilder.DropTable(
                name: "Jobs");

            migrationBuilder.DropTable(
                name: "Tables");

            migrationBuilder.DropIndex(
                name: "IX_Versions_ParentId",
                table: "Versions");

            migrationBuilder.DropColumn(
                name: "CommitSummary",
                table: "Versions");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "Versions");

            migrationBuilder.CreateTable(
                name: "ValidationJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_ValidationJobs_CompletedAt",
                table: "ValidationJobs",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ValidationJobs_VersionId",
                table: "ValidationJobs",
                column: "VersionId",
                unique: true);
        }
    }
}
