using System.Globalization;

namespace CoProduction.Scheduling.Bulk;

/// <summary>
/// The form Microsoft.Data.Sqlite stores each value in for EF's SQLite mappings, after the EF
/// model's value converters: a Guid as upper-case text, a DateTimeOffset as
/// "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", a bool as 0/1. One place for both ways the bulk writers send
/// rows past the driver (<see cref="SqliteJsonRows"/> and <see cref="SqlitePreparedRows"/>);
/// <c>StoredAsEfStoresTests</c> compares the rows they write with rows EF wrote.
/// </summary>
internal static class SqliteStoredForms
{
    /// <summary>Null, a whole number or a text: how <paramref name="value"/> is stored.</summary>
    public static object? Stored(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? 1L : 0L,
        int i => (long)i,
        long l => l,
        short s16 => (long)s16,
        byte u8 => (long)u8,
        Guid g => g.ToString().ToUpperInvariant(),
        DateTimeOffset d => d.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateTime d => d.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture),
        // Any other type fails here, loudly, rather than being stored in a form EF would not read.
        _ => throw new NotSupportedException($"A {value.GetType().Name} column cannot be written in bulk yet."),
    };
}
