using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SurveyReviewRequestedVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReviewRequestedVersion",
                table: "Surveys",
                type: "integer",
                nullable: true);

            // Until now the stage was read from the history: a version was in review once a
            // "submitted" line named it. Carry that over, so no survey changes stage on upgrade.
            migrationBuilder.Sql("""
                UPDATE "Surveys" SET "ReviewRequestedVersion" = (SELECT MAX(e."Version") FROM "ReviewEvents" e WHERE e."SurveyId" = "Surveys"."Id" AND e."Action" = 'submitted')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReviewRequestedVersion",
                table: "Surveys");
        }
    }
}
