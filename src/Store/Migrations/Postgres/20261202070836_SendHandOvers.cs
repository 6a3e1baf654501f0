using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SendHandOvers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SendHandOvers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StartedTicks = table.Column<long>(type: "bigint", nullable: false),
                    EndedTicks = table.Column<long>(type: "bigint", nullable: false),
                    Messages = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SendHandOvers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SendHandOvers_Number_EndedTicks",
                table: "SendHandOvers",
                columns: new[] { "Number", "EndedTicks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SendHandOvers");
        }
    }
}
