using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WebChatClientActivityId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClientActivityId",
                table: "WebChatActivities",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebChatActivities_ConversationId_ClientActivityId",
                table: "WebChatActivities",
                columns: new[] { "ConversationId", "ClientActivityId" },
                unique: true,
                filter: "\"ClientActivityId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebChatActivities_ConversationId_ClientActivityId",
                table: "WebChatActivities");

            migrationBuilder.DropColumn(
                name: "ClientActivityId",
                table: "WebChatActivities");
        }
    }
}
