using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VlSearch.Catalog;

#nullable disable

namespace VlSearch.Postgres.Migrations
{
    /// <summary>
    /// Tags move to a tsvector label of their own (D; the library name joins C), so a search can rank tag matches
    /// apart. A stored document cannot be split by field again, so the documents are dropped: the next scan of each
    /// library (or <c>vlsearch reindex --keywords</c>) writes them in the new layout.
    /// </summary>
    [DbContext(typeof(CatalogDbContext))]
    [Migration("20261130210000_KeywordTagLabel")]
    public partial class KeywordTagLabel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "PhotoKeywords";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "PhotoKeywords";""");
        }
    }
}
