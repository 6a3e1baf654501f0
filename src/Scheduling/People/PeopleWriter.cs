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
/// person's groups: replaced when the file has a groups column. SQLite runs one statement a row
/// (no round trips, and binding many parameters by name costs more than it saves); PostgreSQL
/// sends a batch of rows as one command (one round trip). Columns and value conversions come from
/// the EF model, so the rows are exactly what EF would write.
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
    private DbCommand? _clearGroups;
    private DbCommand? _addGroup;

    public int Imported { get; private set; }
    public int Updated { get; private set; }

    public PeopleWriter(StoreDbContext db)
    {
        _shape = Shape.For(db);
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Write people inside a transaction.");
        _rowsPerCommand = db.Database.IsSqlite() ? 1 : 200;
    }

    public async Task WriteAsync(IReadOnlyList<PersonRow> rows, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new Guid[rows.Count];
        var isNew = new bool[rows.Count];
        var known = await KnownAsync(rows, ct);
        var fresh = new List<int>();
        var again = new List<int>();
        for (var i = 0; i < rows.Count; i++) (known.Contains(rows[i].Phone) ? again : fresh).Add(i);

        // New phones: a plain insert. One that another import made meanwhile (the unique phone
        // index says so: nothing inserted) is updated below instead.
        foreach (var chunk in fresh.Chunk(_rowsPerCommand))
        {
            var command = Command(_inserts, chunk.Length, _shape.Insert);
            var proposed = new Guid[chunk.Length];
            for (var r = 0; r < chunk.Length; r++)
            {
                proposed[r] = Guid.CreateVersion7(now);
                _shape.BindInsert(command, r, rows[chunk[r]], proposed[r], now);
            }
            HashSet<string>? inserted = null;
            if (chunk.Length == 1)
            {
                if (await command.ExecuteNonQueryAsync(ct) == 1) inserted = [rows[chunk[0]].Phone];
            }
            else
            {
                inserted = [];
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) inserted.Add(reader.GetString(0));
            }
            for (var r = 0; r < chunk.Length; r++)
            {
                var i = chunk[r];
                if (inserted?.Contains(rows[i].Phone) == true) { ids[i] = proposed[r]; isNew[i] = true; Imported++; }
                else again.Add(i);
            }
        }

        // Phones already there: only the columns the file gives change.
        foreach (var chunk in again.Chunk(_rowsPerCommand))
        {
            var command = Command(_upserts, chunk.Length, _shape.Upsert);
            var proposed = new Guid[chunk.Length];
            for (var r = 0; r < chunk.Length; r++)
            {
                proposed[r] = Guid.CreateVersion7(now);
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

    /// <summary>Which of the batch's phones are in the store already: one indexed read for the batch.</summary>
    private async Task<HashSet<string>> KnownAsync(IReadOnlyList<PersonRow> rows, CancellationToken ct)
    {
        var command = Command(_lookups, rows.Count, _shape.Lookup);
        for (var i = 0; i < rows.Count; i++) command.Parameters[i].Value = rows[i].Phone;
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        return known;
    }

    private async Task WriteGroupsAsync(IReadOnlyList<PersonRow> rows, Guid[] ids, bool[] isNew, CancellationToken ct)
    {
        if (_rowsPerCommand == 1)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Groups is not { } groups) continue;
                // A new person has no groups yet: the delete is only for an update.
                if (!isNew[i])
                {
                    _clearGroups ??= _shape.ClearGroups(_connection, _transaction, 1);
                    _shape.BindGroupIds(_clearGroups, [ids[i]]);
                    await _clearGroups.ExecuteNonQueryAsync(ct);
                }
                _addGroup ??= _shape.AddGroups(_connection, _transaction, 1);
                foreach (var group in groups)
                {
                    _shape.BindGroups(_addGroup, [(ids[i], group)]);
                    await _addGroup.ExecuteNonQueryAsync(ct);
                }
            }
            return;
        }
        var regrouped = ids.Where((id, i) => rows[i].Groups is not null && !isNew[i]).ToList();
        foreach (var chunk in regrouped.Chunk(_rowsPerCommand))
        {
            await using var clear = _shape.ClearGroups(_connection, _transaction, chunk.Length);
            _shape.BindGroupIds(clear, chunk);
            await clear.ExecuteNonQueryAsync(ct);
        }
        var memberships = rows.SelectMany((row, i) => (row.Groups ?? []).Select(g => (ids[i], g))).ToList();
        foreach (var chunk in memberships.Chunk(_rowsPerCommand * 2))
        {
            await using var add = _shape.AddGroups(_connection, _transaction, chunk.Length);
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
        foreach (var command in _upserts.Values.Concat(_inserts.Values).Concat(_lookups.Values)) await command.DisposeAsync();
        if (_clearGroups is not null) await _clearGroups.DisposeAsync();
        if (_addGroup is not null) await _addGroup.DisposeAsync();
    }
}
