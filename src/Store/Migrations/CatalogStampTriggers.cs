namespace CoProduction.Store.Migrations;

/// <summary>
/// The database's own triggers that give the catalog's stamp (<see cref="Catalog.CatalogStampRow"/>) a new random value
/// whenever a row the catalog is built from (<c>Surveys</c>, <c>SurveyVersions</c>: SurveyCatalogProvider's LoadAsync)
/// is inserted, changed or deleted, by any node and by any path: the library's import and publish, a migration, a
/// restore through SQL, an operator's own statement. No code path has to remember to bump it. The new value is written in
/// the changing transaction, so a node sees it exactly when it can see the change. Created by the CatalogStamp migration
/// (both providers). Data and triggers, not model: keep these calls when the migration is regenerated. A later migration
/// that rebuilds either table (SQLite's table rebuild drops its triggers) must create them again:
/// CatalogStampTests finds a missing one (a direct SQL change to each table must change the stamp).
/// </summary>
public static class CatalogStampTriggers
{
    /// <summary>The tables whose changes change the catalog.</summary>
    public static readonly string[] Tables = ["Surveys", "SurveyVersions"];

    private static readonly string[] SqliteEvents = ["Insert", "Update", "Delete"];

    /// <summary>The triggers' names on a table, as the model declares them (EF must know a SQLite table has triggers).</summary>
    public static IEnumerable<string> SqliteNames(string table) => SqliteEvents.Select(e => $"CatalogStamp_{table}_{e}");

    public const string PostgresName = "CatalogStamp";

    /// <summary>PostgreSQL: the statement trigger on each table that takes the stamp row's lock before the statement's rows' (<see cref="CreateLockFirstOnPostgres"/>).</summary>
    public const string PostgresLockFirstName = "CatalogStampLockedFirst";

    // SQLite's random() is a random 64-bit integer; PostgreSQL's is a double in [0, 1), so 53 random bits.
    private const string SqliteSet = "INSERT OR REPLACE INTO \"CatalogStamp\" (\"Id\", \"Value\") VALUES (" + Catalog.CatalogStampRow.TheRowSql + ", random())";
    private const string PostgresSet =
        "INSERT INTO \"CatalogStamp\" (\"Id\", \"Value\") VALUES (" + Catalog.CatalogStampRow.TheRowSql + ", (random() * 9.0e18)::bigint)\n"
        + "  ON CONFLICT (\"Id\") DO UPDATE SET \"Value\" = EXCLUDED.\"Value\"";

    /// <summary>SQLite: a trigger an event a table (SQLite has no statement triggers and no TRUNCATE), and the row set.</summary>
    public static IEnumerable<string> CreateOnSqlite() =>
        Tables.SelectMany(table => SqliteEvents.Select(e =>
            $"CREATE TRIGGER \"CatalogStamp_{table}_{e}\" AFTER {e.ToUpperInvariant()} ON \"{table}\" BEGIN {SqliteSet}; END;"))
            .Append(SqliteSet + ";");

    public static IEnumerable<string> DropOnSqlite() =>
        Tables.SelectMany(table => SqliteNames(table).Select(name => $"DROP TRIGGER IF EXISTS \"{name}\";"));

    /// <summary>
    /// PostgreSQL: one function; a row trigger on each table (a statement that changes no row changes nothing) and a
    /// statement trigger for TRUNCATE (which fires no row trigger); and the row set.
    /// </summary>
    public static IEnumerable<string> CreateOnPostgres() =>
        new[]
        {
            $"""
            CREATE FUNCTION "{PostgresName}Changed"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              {PostgresSet};
              RETURN NULL;
            END $$;
            """,
        }
        .Concat(Tables.SelectMany(table => new[]
        {
            $"CREATE TRIGGER \"{PostgresName}\" AFTER INSERT OR UPDATE OR DELETE ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION \"{PostgresName}Changed\"();",
            $"CREATE TRIGGER \"{PostgresName}Truncated\" AFTER TRUNCATE ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION \"{PostgresName}Changed\"();",
        }))
        .Append(PostgresSet + ";");

    /// <summary>
    /// PostgreSQL: one lock order for every transaction that changes the catalog. The row triggers above lock the stamp
    /// row after the statement has locked its own rows, so two transactions changing one survey's rows in different
    /// orders (a publish changes the version's row and then the survey's; a change of owner, a retirement or an import
    /// the survey's first) could each hold a row the other waits for: PostgreSQL then cancels one (40P01, a deadlock),
    /// and a member of staff was told the service was busy. A statement trigger that runs before each statement on
    /// either table takes the stamp row's lock first, so every such transaction takes it before any survey's or
    /// version's row, by any path (the library, the board, EF, an operator's SQL): the second waits for the first to
    /// commit and then goes on. It only locks (the row triggers still set the value, and only when a row changed).
    /// SQLite needs none: a write there holds the whole file. A stamp row emptied by an operator locks nothing until
    /// the next change sets it again.
    /// </summary>
    public static IEnumerable<string> CreateLockFirstOnPostgres() =>
        new[]
        {
            $"""
            CREATE FUNCTION "{PostgresLockFirstName}"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM 1 FROM "CatalogStamp" WHERE "Id" = {Catalog.CatalogStampRow.TheRowSql} FOR UPDATE;
              RETURN NULL;
            END $$;
            """,
        }
        .Concat(Tables.Select(table =>
            $"CREATE TRIGGER \"{PostgresLockFirstName}\" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION \"{PostgresLockFirstName}\"();"));

    public static IEnumerable<string> DropLockFirstOnPostgres() =>
        Tables.Select(table => $"DROP TRIGGER IF EXISTS \"{PostgresLockFirstName}\" ON \"{table}\";")
            .Append($"DROP FUNCTION IF EXISTS \"{PostgresLockFirstName}\"();");

    public static IEnumerable<string> DropOnPostgres() =>
        Tables.SelectMany(table => new[]
        {
            $"DROP TRIGGER IF EXISTS \"{PostgresName}\" ON \"{table}\";",
            $"DROP TRIGGER IF EXISTS \"{PostgresName}Truncated\" ON \"{table}\";",
        })
        .Append($"DROP FUNCTION IF EXISTS \"{PostgresName}Changed\"();");
}
