using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>
/// The store made to fail where a turn's tests need it (TestStore.CreateAsync's interceptor; inert
/// until armed): every COMMIT refused, as a full disk refuses the WAL's frames at a commit, and a
/// turn's client going away in the middle of its writes.
/// <para>
/// A failing COMMIT on SQLite: a commit hook on each connection the store's statements run on
/// (the writer's among them) that turns COMMIT into ROLLBACK while armed, which SQLite does for
/// any failed commit but a busy one (the whole transaction undone, the error thrown from COMMIT).
/// On PostgreSQL: a deferred constraint trigger on the inbound messages that raises disk_full
/// (53100) when the transaction commits, which is where PostgreSQL meets a full disk too (its WAL
/// flushed at commit).
/// </para>
/// </summary>
public sealed class StoreFaults : StoreCommandHook
{
    private readonly ConditionalWeakTable<SqliteConnection, object> _hooked = new();
    private volatile bool _failCommits;
    private volatile StrongBox<(CancellationToken Token, CancellationTokenSource Source)>? _cancel;

    /// <summary>Every commit fails until <see cref="HealAsync"/>.</summary>
    public async Task FailCommitsAsync(TestStore store)
    {
        _failCommits = true;
        if (!store.Backend.ConcurrentWriters) return;
        await store.Db(db => db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
            CREATE CONSTRAINT TRIGGER disk_full AFTER INSERT ON "InboundMessages" DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION disk_full();
            """));
    }

    /// <summary>Space is back: commits succeed again.</summary>
    public async Task HealAsync(TestStore store)
    {
        _failCommits = false;
        if (!store.Backend.ConcurrentWriters) return;
        await store.Db(db => db.Database.ExecuteSqlRawAsync("""DROP TRIGGER disk_full ON "InboundMessages"; DROP FUNCTION disk_full();"""));
    }

    /// <summary>The first write statement run with <paramref name="token"/> cancels <paramref name="source"/> and stops there, as a client gone away.</summary>
    public void CancelAtFirstWrite(CancellationTokenSource source) => _cancel = new((source.Token, source));

    protected override void Executing(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        Hook(command);
        // A write the store runs asynchronously with the armed token: the client goes away there.
        if (eventData is { ExecuteMethod: DbCommandMethod.ExecuteNonQuery, IsAsync: true }
            && _cancel is { Value: var (token, source) } && token == cancellationToken)
        {
            _cancel = null;
            source.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void Hook(DbCommand command)
    {
        if (command.Connection is not SqliteConnection { Handle: { } handle } connection) return;
        if (_hooked.TryGetValue(connection, out _)) return;
        _hooked.AddOrUpdate(connection, new object());
        // Non-zero turns the commit into a rollback: COMMIT then fails with SQLITE_CONSTRAINT_COMMITHOOK.
        SQLitePCL.raw.sqlite3_commit_hook(handle, _ => _failCommits ? 1 : 0, null);
    }
}
