using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Database.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DownloadLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Lookups",
                table: "DownloadCounters",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Lookups",
                table: "DownloadCounters");
        }
    }
}
