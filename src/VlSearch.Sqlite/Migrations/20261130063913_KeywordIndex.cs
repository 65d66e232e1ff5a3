using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VlSearch.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KeywordIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The keyword index lives outside the EF model (EF cannot map FTS5 tables): see SqliteKeywordStore.
            migrationBuilder.Sql(
                """CREATE VIRTUAL TABLE IF NOT EXISTS "PhotoKeywords" USING fts5("Name", "Folders", "Library", "Camera", "Tags", "Caption", "Sidecar", tokenize = 'unicode61 remove_diacritics 2');""");
            migrationBuilder.Sql(
                """CREATE TRIGGER IF NOT EXISTS "Photos_DeleteKeywords" AFTER DELETE ON "Photos" BEGIN DELETE FROM "PhotoKeywords" WHERE rowid = old."Id"; END;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Photos_DeleteKeywords";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "PhotoKeywords";""");
        }
    }
}
