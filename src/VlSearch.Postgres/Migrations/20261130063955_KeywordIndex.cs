using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace VlSearch.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KeywordIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The keyword index lives outside the EF model (one tsvector per photo): see PostgresKeywordStore.
            migrationBuilder.Sql(
                """CREATE TABLE IF NOT EXISTS "PhotoKeywords" ("PhotoId" bigint PRIMARY KEY REFERENCES "Photos" ("Id") ON DELETE CASCADE, "Document" tsvector NOT NULL);""");
            migrationBuilder.Sql("""CREATE INDEX IF NOT EXISTS "IX_PhotoKeywords_Document" ON "PhotoKeywords" USING GIN ("Document");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "PhotoKeywords";""");
        }
    }
}
