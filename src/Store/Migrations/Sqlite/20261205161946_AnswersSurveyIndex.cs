using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <summary>
    /// The answers' index by survey and question becomes one by survey alone, on SQLite only (Model/AnswersModel.cs,
    /// SurveyIndex): a commit's answers then write one leaf of it, not one for each question they answer.
    /// </summary>
    public partial class AnswersSurveyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Answers_SurveyId_QuestionId",
                table: "Answers");

            migrationBuilder.CreateIndex(
                name: "IX_Answers_SurveyId",
                table: "Answers",
                column: "SurveyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Answers_SurveyId",
                table: "Answers");

            migrationBuilder.CreateIndex(
                name: "IX_Answers_SurveyId_QuestionId",
                table: "Answers",
                columns: new[] { "SurveyId", "QuestionId" });
        }
    }
}
