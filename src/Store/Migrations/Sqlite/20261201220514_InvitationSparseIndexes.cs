using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InvitationSparseIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Invitations_ProviderId",
                table: "Invitations");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_RemindAt",
                table: "Invitations");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_ProviderId",
                table: "Invitations",
                column: "ProviderId",
                filter: "\"ProviderId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_RemindAt",
                table: "Invitations",
                column: "RemindAt",
                filter: "\"RemindAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Invitations_ProviderId",
                table: "Invitations");

            migrationBuilder.DropIndex(
                name: "IX_Invitations_RemindAt",
                table: "Invitations");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_ProviderId",
                table: "Invitations",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_Invitations_RemindAt",
                table: "Invitations",
                column: "RemindAt");
        }
    }
}
