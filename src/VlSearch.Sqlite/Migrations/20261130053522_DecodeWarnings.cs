using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VlSearch.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DecodeWarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecodeWarning",
                table: "Photos",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecodeWarning",
                table: "Photos");
        }
    }
}
