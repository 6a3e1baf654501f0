using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ResultsSettingsAndWelshActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TextCy",
                table: "SurveyActions",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WhyCy",
                table: "SurveyActions",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DisclosureSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    MinimumGroup = table.Column<int>(type: "integer", nullable: false),
                    SmallCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosureSettings", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "DisclosureSettings",
                columns: new[] { "Id", "MinimumGroup", "SmallCount", "UpdatedAt", "Version" },
                values: new object[] { 1, 10, 5, null, 0 });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisclosureSettings");

            migrationBuilder.DropColumn(
                name: "TextCy",
                table: "SurveyActions");

            migrationBuilder.DropColumn(
                name: "WhyCy",
                table: "SurveyActions");
        }
    }
}
