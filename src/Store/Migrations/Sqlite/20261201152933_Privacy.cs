using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Privacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "People",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhoneHash",
                table: "OptOuts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_At",
                table: "OutboxMessages",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_OptOuts_PhoneHash",
                table: "OptOuts",
                column: "PhoneHash");

            migrationBuilder.CreateIndex(
                name: "IX_InboundMessages_ReceivedAt_RepliesHeld",
                table: "InboundMessages",
                column: "ReceivedAt",
                filter: "\"RepliesJson\" <> '[]'");

            migrationBuilder.CreateIndex(
                name: "IX_Answers_At_RawHeld",
                table: "Answers",
                column: "At",
                filter: "\"Raw\" <> ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_At",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_OptOuts_PhoneHash",
                table: "OptOuts");

            migrationBuilder.DropIndex(
                name: "IX_InboundMessages_ReceivedAt_RepliesHeld",
                table: "InboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_Answers_At_RawHeld",
                table: "Answers");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "People");

            migrationBuilder.DropColumn(
                name: "PhoneHash",
                table: "OptOuts");
        }
    }
}
