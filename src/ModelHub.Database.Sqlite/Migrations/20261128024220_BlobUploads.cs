using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Database.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BlobUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BlobUploads",
                columns: table => new
                {
                    Digest = table.Column<string>(type: "TEXT", maxLength: 71, nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlobUploads", x => new { x.Digest, x.UploadedBy });
                    table.ForeignKey(
                        name: "FK_BlobUploads_Blobs_Digest",
                        column: x => x.Digest,
                        principalTable: "Blobs",
                        principalColumn: "Digest",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlobUploads");
        }
    }
}
