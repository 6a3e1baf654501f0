using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <summary>
    /// The answers' index by survey and question becomes one by survey, time and question, on SQLite only
    /// (Model/AnswersModel.cs, SurveyIndex): a commit's answers then write one leaf of it (the survey's tail), not one
    /// for each question they answer.
    /// </summary>
    public partial class AnswersSurveyTimeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Answers_SurveyId_QuestionId",
                table: "Answers");

            migrationBuilder.CreateIndex(
                name: "IX_Answers_SurveyId_At_QuestionId",
                table: "Answers",
                columns: new[] { "SurveyId", "At", "QuestionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Answers_SurveyId_At_QuestionId",
                table: "Answers");

            migrationBuilder.CreateIndex(
                name: "IX_Answers_SurveyId_QuestionId",
                table: "Answers",
                columns: new[] { "SurveyId", "QuestionId" });
        }
    }
}
