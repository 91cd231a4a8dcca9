using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Database.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CaseInsensitiveNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "Repositories",
                type: "character varying(96)",
                maxLength: 96,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "Owners",
                type: "character varying(96)",
                maxLength: 96,
                nullable: false,
                defaultValue: "");

            // Existing names, folded. Rows that already collide ignoring case (created before names were unique that way) keep
            // working under their exact names: all but the oldest get their id appended, so the unique indexes can be built.
            migrationBuilder.Sql("UPDATE \"Owners\" SET \"NormalizedName\" = lower(\"Name\");");
            migrationBuilder.Sql("UPDATE \"Owners\" SET \"NormalizedName\" = \"NormalizedName\" || '#' || \"Id\" WHERE EXISTS ("
                + "SELECT 1 FROM \"Owners\" AS o WHERE lower(o.\"Name\") = lower(\"Owners\".\"Name\") AND o.\"Id\" < \"Owners\".\"Id\");");
            migrationBuilder.Sql("UPDATE \"Repositories\" SET \"NormalizedName\" = lower(\"Name\");");
            migrationBuilder.Sql("UPDATE \"Repositories\" SET \"NormalizedName\" = \"NormalizedName\" || '#' || \"Id\" WHERE EXISTS ("
                + "SELECT 1 FROM \"Repositories\" AS r WHERE r.\"OwnerId\" = \"Repositories\".\"OwnerId\" "
                + "AND r.\"Kind\" = \"Repositories\".\"Kind\" AND lower(r.\"Name\") = lower(\"Repositories\".\"Name\") "
                + "AND r.\"Id\" < \"Repositories\".\"Id\");");

            migrationBuilder.CreateIndex(
                name: "IX_Repositories_OwnerId_Kind_NormalizedName",
                table: "Repositories",
                columns: new[] { "OwnerId", "Kind", "NormalizedName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Owners_NormalizedName",
                table: "Owners",
                column: "NormalizedName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Repositories_OwnerId_Kind_NormalizedName",
                table: "Repositories");

            migrationBuilder.DropIndex(
                name: "IX_Owners_NormalizedName",
                table: "Owners");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "Repositories");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "Owners");
        }
    }
}
