using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <summary>
    /// The published versions' index: every turn counts them for the catalog stamp, which from the table read
    /// each version's row past its YAML (every overflow page) on SQLite.
    /// </summary>
    public partial class SurveyVersionsPublishedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SurveyVersions_PublishedAt",
                table: "SurveyVersions",
                column: "PublishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SurveyVersions_PublishedAt",
                table: "SurveyVersions");
        }
    }
}
