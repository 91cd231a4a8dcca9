using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Database.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TokenParents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ParentId",
                table: "Tokens",
                type: "bigint",
                nullable: true);

            // Tokens minted before this column record their parent in CreatedBy ("token:<id>").
            migrationBuilder.Sql(
                "UPDATE \"Tokens\" AS t SET \"ParentId\" = p.\"Id\" FROM \"Tokens\" AS p WHERE t.\"CreatedBy\" = 'token:' || p.\"Id\";");

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_ParentId",
                table: "Tokens",
                column: "ParentId");

            migrationBuilder.AddForeignKey(
                name: "FK_Tokens_Tokens_ParentId",
                table: "Tokens",
                column: "ParentId",
                principalTable: "Tokens",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Tokens_Tokens_ParentId",
                table: "Tokens");

            migrationBuilder.DropIndex(
                name: "IX_Tokens_ParentId",
                table: "Tokens");

            migrationBuilder.DropColumn(
                name: "ParentId",
                table: "Tokens");
        }
    }
}
