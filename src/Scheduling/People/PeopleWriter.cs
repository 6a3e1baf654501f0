using System.Data.Common;
using System.Text;
using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Scheduling.People;

/// <summary>
/// Writes imported people straight to the store, inside the caller's transaction: one prepared
/// <c>INSERT ... ON CONFLICT ("Phone") DO UPDATE ... RETURNING "Id"</c> per person, so the unique
/// phone index decides between a new person and an update (two imports at once never make two
/// people for one phone) and a column the file does not have keeps its stored value. Then the
/// person's groups: replaced when the file has a groups column. Many rows go in one statement:
/// on PostgreSQL 200 (one round trip); on SQLite a new person's row, the groups and the lookup
/// take a hundred rows a statement as one JSON parameter (<see cref="Bulk.SqliteJsonRows"/>), and a phone
/// already there is upserted 16 rows a command (binding named parameters costs the square of
/// their number in Microsoft.Data.Sqlite). Commands are prepared once and their parameters reused. Columns and value
/// conversions come from the EF model, so the rows are exactly what EF would write.
/// </summary>
/// <remarks>
/// Why not EF's change tracker: at a million people it was one tracked entity per row and a key
/// lookup per batch, several times slower than the insert itself (about 5,000 rows a second).
/// </remarks>
internal sealed partial class PeopleWriter : IAsyncDisposable
{
    /// <summary>The columns a file may give; a column it does not give keeps the stored value.</summary>
    private static readonly (string Property, Func<PersonRow, object?> Value)[] Given =
    [
        (nameof(Person.Name), r => r.Name),
        (nameof(Person.PreferredChannel), r => r.Channel),
        (nameof(Person.Language), r => r.Language),
        (nameof(Person.TimeZone), r => r.TimeZone),
        (nameof(Person.NextCheckin), r => r.NextCheckin),
        (nameof(Person.ConsentDate), r => r.ConsentDate),
        (nameof(Person.EasyRead), r => r.EasyRead),
        (nameof(Person.SlowPace), r => r.SlowPace),
    ];

    private readonly Shape _shape;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly int _rowsPerCommand;
    private readonly Dictionary<int, DbCommand> _upserts = new();
    private readonly Dictionary<int, DbCommand> _inserts = new();
    private readonly Dictionary<int, DbCommand> _lookups = new();
    private Bulk.TimeOrderedIds? _ids;
    private readonly Dictionary<int, DbCommand> _clearGroups = new();
    private readonly Dictionary<int, DbCommand> _addGroups = new();

    /// <summary>Rows a statement on SQLite (see the class remarks).</summary>
    internal const int SqliteRowsPerCommand = 16;

    public int Imported { get; private set; }
    public int Updated { get; private set; }

    public PeopleWriter(StoreDbContext db)
    {
        _shape = Shape.For(db);
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Write people inside a transaction.");
        _rowsPerCommand = db.Database.IsSqlite() ? SqliteRowsPerCommand : 200;
        if (db.Database.IsSqlite()) _cache = Bulk.SqliteBulkCache.Enlarge(_connection, _transaction);
    }

    private readonly Bulk.SqliteBulkCache? _cache;

    public async Task WriteAsync(IReadOnlyList<PersonRow> rows, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new Guid[rows.Count];
        var isNew = new bool[rows.Count];
        // Proposed ids, in the order the rows are: a new person's row is appended to the key's index.
        _ids ??= new Bulk.TimeOrderedIds(now);
        var proposedIds = _ids.Next(rows.Count);
        var known = await KnownAsync(rows, ct);
        var fresh = new List<int>();
        var again = new List<int>();
        for (var i = 0; i < rows.Count; i++) (known.Contains(rows[i].Phone) ? again : fresh).Add(i);

        // New phones: a plain insert. One that another import made meanwhile (the unique phone
        // index says so: nothing inserted) is updated below instead.
        if (_shape.Sqlite)
        {
            foreach (var chunk in fresh.Chunk(Bulk.SqliteJsonRows.RowsPerStatement))
            {
                var command = Command(_inserts, 0, _shape.InsertJson);
                _shape.BindInsertJson(command, chunk.Select(i => (rows[i], proposedIds[i])), now);
                var inserted = await PhonesAsync(command, ct);
                foreach (var i in chunk) Inserted(i, proposedIds[i], inserted);
            }
            fresh.Clear();
        }
        foreach (var chunk in fresh.Chunk(_rowsPerCommand))
        {
            var command = Command(_inserts, chunk.Length, _shape.Insert);
            var proposed = new Guid[chunk.Length];
            for (var r = 0; r < chunk.Length; r++)
            {
                proposed[r] = proposedIds[chunk[r]];
                _shape.BindInsert(command, r, rows[chunk[r]], proposed[r], now);
            }
            HashSet<string>? inserted = null;
            if (chunk.Length == 1)
            {
                if (await command.ExecuteNonQueryAsync(ct) == 1) inserted = [rows[chunk[0]].Phone];
            }
            else
            {
                inserted = await PhonesAsync(command, ct);
            }
            for (var r = 0; r < chunk.Length; r++) Inserted(chunk[r], proposed[r], inserted);
        }

        void Inserted(int i, Guid id, HashSet<string>? inserted)
        {
            if (inserted?.Contains(rows[i].Phone) == true) { ids[i] = id; isNew[i] = true; Imported++; }
            else again.Add(i);
        }

        // Phones already there: only the columns the file gives change.
        foreach (var chunk in again.Chunk(_rowsPerCommand))
        {
            var command = Command(_upserts, chunk.Length, _shape.Upsert);
            var proposed = new Guid[chunk.Length];
            for (var r = 0; r < chunk.Length; r++)
            {
                proposed[r] = proposedIds[chunk[r]];
                _shape.BindUpsert(command, r, rows[chunk[r]], proposed[r], now);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            for (var r = 0; r < chunk.Length; r++)
            {
                if (r > 0) await reader.NextResultAsync(ct);
                await reader.ReadAsync(ct);
                var i = chunk[r];
                ids[i] = reader.GetFieldValue<Guid>(0);
                isNew[i] = ids[i] == proposed[r];
                if (isNew[i]) Imported++; else Updated++;
            }
        }
        await WriteGroupsAsync(rows, ids, isNew, ct);
    }

    private static async Task<HashSet<string>> PhonesAsync(DbCommand command, CancellationToken ct)
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) phones.Add(reader.GetString(0));
        return phones;
    }

    /// <summary>Which of the batch's phones are in the store already: one indexed read for the batch.</summary>
    private async Task<HashSet<string>> KnownAsync(IReadOnlyList<PersonRow> rows, CancellationToken ct)
    {
        var command = Command(_lookups, _shape.LookupIsOneParameter ? 0 : rows.Count, _shape.Lookup);
        _shape.BindLookup(command, rows);
        return await PhonesAsync(command, ct);
    }

    private async Task WriteGroupsAsync(IReadOnlyList<PersonRow> rows, Guid[] ids, bool[] isNew, CancellationToken ct)
    {
        // A new person has no groups yet: the delete is only for an update.
        var regrouped = ids.Where((id, i) => rows[i].Groups is not null && !isNew[i]).ToList();
        var memberships = rows.SelectMany((row, i) => (row.Groups ?? []).Select(g => (ids[i], g))).ToList();
        if (_shape.Sqlite)
        {
            foreach (var chunk in regrouped.Chunk(Bulk.SqliteJsonRows.RowsPerStatement))
            {
                var clear = Command(_clearGroups, 0, _shape.ClearGroupsJson);
                _shape.BindGroupIdsJson(clear, chunk);
                await clear.ExecuteNonQueryAsync(ct);
            }
            foreach (var chunk in memberships.Chunk(Bulk.SqliteJsonRows.RowsPerStatement * 2))
            {
                var add = Command(_addGroups, 0, _shape.AddGroupsJson);
                _shape.BindGroupsJson(add, chunk);
                await add.ExecuteNonQueryAsync(ct);
            }
            return;
        }
        foreach (var chunk in regrouped.Chunk(_rowsPerCommand))
        {
            var clear = Command(_clearGroups, chunk.Length, _shape.ClearGroups);
            _shape.BindGroupIds(clear, chunk);
            await clear.ExecuteNonQueryAsync(ct);
        }
        foreach (var chunk in memberships.Chunk(_rowsPerCommand * 2))
        {
            var add = Command(_addGroups, chunk.Length, _shape.AddGroups);
            _shape.BindGroups(add, chunk);
            await add.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Prepared once per size: on SQLite the sizes are 1 and the batch's, so each is built once.</summary>
    private DbCommand Command(Dictionary<int, DbCommand> cache, int rows, Func<DbConnection, DbTransaction, int, DbCommand> make)
    {
        if (!cache.TryGetValue(rows, out var command))
        {
            if (cache.Count > 8) { foreach (var old in cache.Values) old.Dispose(); cache.Clear(); }
            cache[rows] = command = make(_connection, _transaction, rows);
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _cache?.Dispose();
        foreach (var command in _upserts.Values.Concat(_inserts.Values).Concat(_lookups.Values).Concat(_clearGroups.Values).Concat(_addGroups.Values))
        {
            await command.DisposeAsync();
        }
    }
}
