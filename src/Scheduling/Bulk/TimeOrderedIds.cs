namespace CoProduction.Scheduling.Bulk;

/// <summary>
/// Version 7 ids for rows written in bulk, each batch in ascending order and after the batch
/// before. Why: ids made with one clock reading share their time bits and differ only in their
/// random bits, so a batch of them lands all over the primary key's index; past the page cache
/// every insert then reads a page (at a million people the import spent most of its time there).
/// In order they are appended. Each batch's time is the start's plus a millisecond a batch (the
/// "increased clock" way of RFC 9562, section 6.2), so the ids still sort by when they were made.
/// </summary>
internal sealed class TimeOrderedIds(DateTimeOffset start)
{
    private long _batches;

    /// <summary>The time the last batch's ids were made with (a token made with them sorts with them).</summary>
    public DateTimeOffset LastStamp { get; private set; }

    public Guid[] Next(int count)
    {
        var stamp = LastStamp = start.AddMilliseconds(_batches++);
        var ids = new Guid[count];
        for (var i = 0; i < count; i++) ids[i] = Guid.CreateVersion7(stamp);
        // Guid's order is the order of its text (SQLite) and of its bytes (PostgreSQL's uuid).
        Array.Sort(ids);
        return ids;
    }
}
