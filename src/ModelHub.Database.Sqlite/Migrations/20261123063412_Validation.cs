using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Database.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ValidationSettings",
                table: "Versions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ValidationJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LeaseExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Precision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    IsReference = table.Column<bool>(type: "INTEGER", nullable: false),
                    Providers = table.Column<string>(type: "TEXT", nullable: false),
                    MinMemoryMb = table.Column<long>(type: "INTEGER", nullable: true),
                    Quality = table.Column<double>(type: "REAL", nullable: true)
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
