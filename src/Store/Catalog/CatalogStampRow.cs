namespace CoProduction.Store.Catalog;

/// <summary>
/// The catalog's stamp: one row (<see cref="TheRow"/>), given a new random <see cref="Value"/> by the store itself,
/// in the same transaction, whenever a row of the surveys or their versions is inserted, changed or deleted
/// (<see cref="Migrations.CatalogStampTriggers"/>). Every turn reads it with its load
/// (<see cref="SurveyCatalogProvider.StampColumns"/>) and a node reloads its catalog when it differs from the one it
/// loaded with. Nothing in the code writes it.
/// </summary>
public sealed class CatalogStampRow
{
    /// <summary>The one row's key.</summary>
    public static int TheRow => int.Parse(TheRowSql, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="TheRow"/> as the SQL that names it: the triggers and the turn's read are constant strings built from
    /// constants, so the key is written here once, as text, and the number is read from it.
    /// </summary>
    public const string TheRowSql = "1";

    public int Id { get; set; }

    /// <summary>Random, not a count: a restored backup or a row deleted and set again never brings back a value
    /// some node already holds for other contents (a count could come back to it).</summary>
    public long Value { get; set; }
}
