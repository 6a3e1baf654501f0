using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoProduction.Store.Setup;

/// <summary>
/// The one rule for every point in time the store keeps (every <see cref="DateTimeOffset"/> property of the
/// model, set for all of them in <see cref="StoreDbContext"/>'s conventions): it is written as UTC and read back as
/// UTC (offset zero), on SQLite and on PostgreSQL alike, whatever offset the code that set it used. The hand-written
/// statements (EntityColumns, the scheduling writers) convert through the same converters, as EF does.
/// </summary>
public static class UtcTimestamps
{
    /// <summary>
    /// PostgreSQL: the column is <c>timestamp with time zone</c> (an instant). Npgsql refuses to write a value
    /// whose offset is not zero (a failed statement) and reads back offset zero; converted first, any offset is kept as
    /// the same instant. The column type does not change.
    /// </summary>
    public sealed class ToUtc() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v.ToUniversalTime());

    /// <summary>
    /// SQLite (no date type): EF's sortable integer (<see cref="DateTimeOffsetToBinaryConverter"/>'s form, the clock
    /// time's ticks and the offset's minutes), written at offset zero so that the integers' order is the instants'
    /// order (a value kept with its own offset sorted by its clock time: 10:00+05:30 after 05:00Z, though it is
    /// earlier). A row written with another offset before this rule is read back as the same instant, in UTC.
    /// </summary>
    public sealed class ToSortableInteger() : ValueConverter<DateTimeOffset, long>(
        v => (v.UtcTicks / 1000) << 11,
        v => new DateTimeOffset(new DateTime((v >> 11) * 1000), TimeSpan.FromMinutes((v << 53) >> 53)).ToUniversalTime());
}
