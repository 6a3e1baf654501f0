using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CoProduction.Scheduling.Bulk;

/// <summary>
/// Many rows in one SQLite statement, sent as one parameter: a JSON array of rows, each an array
/// of the columns' stored values, read back by <c>json_each</c> inside SQLite
/// (<c>INSERT ... SELECT value->>0, value->>1 ... FROM json_each(@rows) WHERE true</c>).
/// Why: Microsoft.Data.Sqlite binds each named parameter by looking its name up in the statement,
/// so a multi-row statement of named parameters costs the square of its parameters to bind, and
/// a statement a row costs a run of the driver's machinery a row (in a profile of the import, a
/// quarter of the writer's time was binding). One parameter a statement costs neither.
/// The values are written exactly as Microsoft.Data.Sqlite stores them (<see cref="SqliteStoredForms"/>).
/// </summary>
internal static class SqliteJsonRows
{
    public const string Parameter = "@rows";

    /// <summary>
    /// Rows a statement: a hundred rows of a few hundred characters keep each JSON text under the
    /// large object heap's 85,000 bytes, so a million rows leave no large garbage behind.
    /// </summary>
    public const int RowsPerStatement = 100;

    /// <summary>"value->>0, value->>1, ...": the select list for <paramref name="columns"/> columns of each row.</summary>
    public static string Columns(int columns) =>
        string.Join(", ", Enumerable.Range(0, columns).Select(c => $"value->>{c.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The FROM clause; WHERE true lets an upsert clause follow (SQLite's grammar needs it after a SELECT).</summary>
    public static string From => $"FROM json_each({Parameter}) WHERE true";

    /// <summary>Writes the rows as one JSON text; <paramref name="write"/> writes one row's values with <see cref="Value"/>.</summary>
    public static string Build<T>(IEnumerable<T> rows, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartArray();
                write(json, row);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JSON array of single values, for <c>IN (SELECT value FROM json_each(@rows))</c>.</summary>
    public static string List(IEnumerable<object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartArray();
            foreach (var value in values) Value(json, value);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One stored value (already through the EF model's converter, if the column has one).</summary>
    public static void Value(Utf8JsonWriter json, object? value)
    {
        switch (SqliteStoredForms.Stored(value))
        {
            case null: json.WriteNullValue(); break;
            case long l: json.WriteNumberValue(l); break;
            case var text: json.WriteStringValue((string)text); break;
        }
    }
}
