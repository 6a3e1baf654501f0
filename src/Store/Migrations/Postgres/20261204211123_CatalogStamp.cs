using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Postgres
{
    /// <summary>
    /// The catalog's stamp becomes one row (Catalog/CatalogStampRow.cs) that the store's own triggers change whenever a
    /// survey or a version changes (<see cref="CatalogStampTriggers"/>), set here from nothing, so also on a store that
    /// already has surveys; every turn reads that row instead of four counts of the surveys and their versions. The index
    /// of the versions' publish times served only those counts, and goes.
    /// </summary>
    public partial class CatalogStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SurveyVersions_PublishedAt",
                table: "SurveyVersions");

            migrationBuilder.CreateTable(
                name: "CatalogStamp",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogStamp", x => x.Id);
                });

            // Data and triggers, not model: keep these calls when the migration is regenerated.
            foreach (var sql in CatalogStampTriggers.CreateOnPostgres()) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogStampTriggers.DropOnPostgres()) migrationBuilder.Sql(sql);

            migrationBuilder.DropTable(
                name: "CatalogStamp");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyVersions_PublishedAt",
                table: "SurveyVersions",
                column: "PublishedAt");
        }
    }
}
