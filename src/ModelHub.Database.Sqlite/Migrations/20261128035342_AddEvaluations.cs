using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Database.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddEvaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Evaluations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    DatasetVersionId = table.Column<long>(type: "INTEGER", nullable: true),
                    Dataset = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Table = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Spec = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RowsDone = table.Column<long>(type: "INTEGER", nullable: false),
                    RowCount = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    Results = table.Column<string>(type: "TEXT", nullable: true),
                    Suspects = table.Column<string>(type: "TEXT", nullable: true),
                    SuspectCount = table.Column<long>(type: "INTEGER", nullable: true),
                    PredictionsDigest = table.Column<string>(type: "TEXT", maxLength: 71, nullable: true),
                    AcceptedAs = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Evaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Evaluations_Blobs_PredictionsDigest",
                        column: x => x.PredictionsDigest,
                        principalTable: "Blobs",
                        principalColumn: "Digest",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Evaluations_Versions_DatasetVersionId",
                        column: x => x.DatasetVersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Evaluations_Versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "Versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_DatasetVersionId",
                table: "Evaluations",
                column: "DatasetVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_PredictionsDigest",
                table: "Evaluations",
                column: "PredictionsDigest");

            migrationBuilder.CreateIndex(
                name: "IX_Evaluations_VersionId",
                table: "Evaluations",
                column: "VersionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Evaluations");
        }
    }
}
