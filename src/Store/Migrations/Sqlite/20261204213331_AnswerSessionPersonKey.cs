using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <summary>
    /// The answer's two foreign keys (to its session, to its person) become one, <c>(SessionId, PersonId)</c> referencing
    /// the sessions' new unique <c>(Id, PersonId)</c> (Model/AnswersModel.cs): one check a saved answer instead of two, and
    /// an answer whose person is not its session's is refused. An answer that already is one takes its session's person
    /// first (<see cref="AnswerKeyCleanup"/>).
    /// </summary>
    public partial class AnswerSessionPersonKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data, not model: keep this call when the migration is regenerated.
            migrationBuilder.Sql(AnswerKeyCleanup.SqliteSessionsKeyDuringRebuild);

            migrationBuilder.DropForeignKey(
                name: "FK_Answers_People_PersonId",
                table: "Answers");

            migrationBuilder.DropForeignKey(
                name: "FK_Answers_Sessions_SessionId",
                table: "Answers");

            migrationBuilder.AddUniqueConstraint(
                name: "AK_Sessions_Id_PersonId",
                table: "Sessions",
                columns: new[] { "Id", "PersonId" });

            // Data, not model: keep this call when the migration is regenerated.
            migrationBuilder.Sql(AnswerKeyCleanup.PersonFromSession);

            migrationBuilder.AddForeignKey(
                name: "FK_Answers_Sessions_SessionId_PersonId",
                table: "Answers",
                columns: new[] { "SessionId", "PersonId" },
                principalTable: "Sessions",
                principalColumns: new[] { "Id", "PersonId" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Answers_Sessions_SessionId_PersonId",
                table: "Answers");

            migrationBuilder.DropUniqueConstraint(
                name: "AK_Sessions_Id_PersonId",
                table: "Sessions");

            migrationBuilder.AddForeignKey(
                name: "FK_Answers_People_PersonId",
                table: "Answers",
                column: "PersonId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_Answers_Sessions_SessionId",
                table: "Answers",
                column: "SessionId",
                principalTable: "Sessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
