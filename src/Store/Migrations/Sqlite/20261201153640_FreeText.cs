using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FreeText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Quotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SurveyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QuestionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AnswerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Edited = table.Column<bool>(type: "INTEGER", nullable: false),
                    Flags = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ConfirmReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ChosenBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Quotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Quotes_Answers_AnswerId",
                        column: x => x.AnswerId,
                        principalTable: "Answers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Quotes_Surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "Surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Themes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SurveyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Retired = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Themes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Themes_Surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "Surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AnswerTags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AnswerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ThemeId = table.Column<long>(type: "INTEGER", nullable: false),
                    SurveyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaggedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnswerTags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AnswerTags_Answers_AnswerId",
                        column: x => x.AnswerId,
                        principalTable: "Answers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AnswerTags_Themes_ThemeId",
                        column: x => x.ThemeId,
                        principalTable: "Themes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnswerTags_AnswerId_ThemeId",
                table: "AnswerTags",
                columns: new[] { "AnswerId", "ThemeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AnswerTags_SurveyId_ThemeId",
                table: "AnswerTags",
                columns: new[] { "SurveyId", "ThemeId" });

            migrationBuilder.CreateIndex(
                name: "IX_AnswerTags_ThemeId",
                table: "AnswerTags",
                column: "ThemeId");

            migrationBuilder.CreateIndex(
                name: "IX_Quotes_AnswerId",
                table: "Quotes",
                column: "AnswerId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Quotes_SurveyId_Status",
                table: "Quotes",
                columns: new[] { "SurveyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Themes_SurveyId_NameKey",
                table: "Themes",
                columns: new[] { "SurveyId", "NameKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnswerTags");

            migrationBuilder.DropTable(
                name: "Quotes");

            migrationBuilder.DropTable(
                name: "Themes");
        }
    }
}
