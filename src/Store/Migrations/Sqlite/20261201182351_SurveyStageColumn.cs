using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SurveyStageColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Stage",
                table: "Surveys",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Draft");

            // Until now the stage was worked out on every read (LifeCycle.StageOf): retired, else
            // published when the published version is the latest, else approved when the latest
            // version's approvals meet the quorum, else in review when the board was asked to review
            // the latest version, else a draft. The same, in SQL, so no survey changes stage on
            // upgrade. The quorum: an approval by configuration (no member), or what the last board
            // command found (Status 'Approved' while not served), or else the default rule (two
            // members, one with lived experience); a store configured otherwise has its stage set
            // again by the next approval.
            migrationBuilder.Sql("""
                UPDATE "Surveys" SET "Stage" = CASE
                    WHEN "Status" = 'Retired' THEN 'Retired'
                    WHEN "PublishedVersion" = (SELECT MAX(v."Version") FROM "SurveyVersions" v WHERE v."SurveyId" = "Surveys"."Id") THEN 'Published'
                    WHEN "Status" = 'Approved'
                        OR EXISTS (SELECT 1 FROM "Approvals" a WHERE a."SurveyId" = "Surveys"."Id" AND a."MemberId" IS NULL
                            AND a."Version" = (SELECT MAX(v."Version") FROM "SurveyVersions" v WHERE v."SurveyId" = "Surveys"."Id"))
                        OR ((SELECT COUNT(DISTINCT a."MemberId") FROM "Approvals" a WHERE a."SurveyId" = "Surveys"."Id"
                                AND a."Version" = (SELECT MAX(v."Version") FROM "SurveyVersions" v WHERE v."SurveyId" = "Surveys"."Id")) >= 2
                            AND EXISTS (SELECT 1 FROM "Approvals" a JOIN "BoardMembers" m ON m."Id" = a."MemberId" WHERE a."SurveyId" = "Surveys"."Id"
                                AND a."Version" = (SELECT MAX(v."Version") FROM "SurveyVersions" v WHERE v."SurveyId" = "Surveys"."Id")
                                AND m."Role" IN ('ExpertByExperience', 'PeerResearcher')))
                        THEN 'Approved'
                    WHEN "ReviewRequestedVersion" = (SELECT MAX(v."Version") FROM "SurveyVersions" v WHERE v."SurveyId" = "Surveys"."Id") THEN 'InReview'
                    ELSE 'Draft'
                END
                """);

            // The stage says all the version in review said.
            migrationBuilder.DropColumn(
                name: "ReviewRequestedVersion",
                table: "Surveys");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReviewRequestedVersion",
                table: "Surveys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Surveys" SET "ReviewRequestedVersion" = (SELECT MAX(e."Version") FROM "ReviewEvents" e WHERE e."SurveyId" = "Surveys"."Id" AND e."Action" = 'submitted')
                """);

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "Surveys");
        }
    }
}
