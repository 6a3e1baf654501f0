using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CoProduction.Store.Migrations.Postgres
{
    /// <summary>
    /// One lock order for every transaction that changes the catalog (<see cref="CatalogStampTriggers.CreateLockFirstOnPostgres"/>):
    /// a statement trigger on the surveys and their versions takes the catalog stamp row's lock before the statement
    /// locks any row of its own, so two staff actions on one survey at the same instant wait for each other instead of
    /// deadlocking. No change to the model's tables: triggers only (SQLite needs none). Keep these calls when the
    /// migration is regenerated.
    /// </summary>
    public partial class CatalogStampLockedFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogStampTriggers.CreateLockFirstOnPostgres()) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in CatalogStampTriggers.DropLockFirstOnPostgres()) migrationBuilder.Sql(sql);
        }
    }
}
