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

    // SQLite's random() is a random 64-bit integer; PostgreSQL's is a double in [0, 1), so 53 random bits.
    private const string SqliteSet = """INSERT OR REPLACE INTO "CatalogStamp" ("Id", "Value") VALUES (1, random())""";
    private const string PostgresSet = """
        INSERT INTO "CatalogStamp" ("Id", "Value") VALUES (1, (random() * 9.0e18)::bigint)
          ON CONFLICT ("Id") DO UPDATE SET "Value" = EXCLUDED."Value"
        """;

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

    public static IEnumerable<string> DropOnPostgres() =>
        Tables.SelectMany(table => new[]
        {
            $"DROP TRIGGER IF EXISTS \"{PostgresName}\" ON \"{table}\";",
            $"DROP TRIGGER IF EXISTS \"{PostgresName}Truncated\" ON \"{table}\";",
        })
        .Append($"DROP FUNCTION IF EXISTS \"{PostgresName}Changed\"();");
}
