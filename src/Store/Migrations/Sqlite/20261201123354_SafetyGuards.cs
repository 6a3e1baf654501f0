using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SafetyGuards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FailedRevision",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

            // Duplicates left by races before these indexes existed would stop them being created.
            migrationBuilder.Sql(SafetyGuardsCleanup.OpenSessions);
            migrationBuilder.Sql(SafetyGuardsCleanup.Approvals);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_OpenPerPerson",
                table: "Sessions",
                column: "PersonId",
                unique: true,
                filter: "\"Status\" IN ('Active', 'AwaitingCarryOn')");

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_PerMember",
                table: "Approvals",
                columns: new[] { "SurveyId", "Version", "MemberId" },
                unique: true,
                filter: "\"MemberId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_OpenPerPerson",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Approvals_PerMember",
                table: "Approvals");

            migrationBuilder.DropColumn(
                name: "FailedRevision",
                table: "Sessions");
        }
    }
}
