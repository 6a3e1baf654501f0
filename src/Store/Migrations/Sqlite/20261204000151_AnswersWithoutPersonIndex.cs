using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <summary>
    /// The answers' index by person goes (Model/AnswersModel.cs): every answer wrote a page of it, one leaf per person,
    /// and a person's answers are found through their sessions instead (Privacy/PersonAnswers.cs). The foreign key stays.
    /// </summary>
    public partial class AnswersWithoutPersonIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Answers_PersonId",
                table: "Answers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Answers_PersonId",
                table: "Answers",
                column: "PersonId");
        }
    }
}
