using System.Data;
using Microsoft.Data.Sqlite;

namespace CoProduction.Store.Setup;

/// <summary>
/// A SQLite connection kept for turns (<see cref="TurnConnections"/>). While a batch's transaction is open on it
/// (<see cref="TurnConnection.BeginBatchAsync"/>: BEGIN IMMEDIATE as a kept command, which Microsoft.Data.Sqlite
/// does not know as a transaction), opening a <see cref="SqliteTransaction"/> of one's own on it fails at once with
/// a message that says why, rather than with SQLite's "cannot start a transaction within a transaction" (or, worse,
/// with the caller's work taken into the batch). Costs the turn nothing: a flag set at the batch's BEGIN and
/// cleared at its end, read only when someone begins a transaction.
/// </summary>
internal sealed class TurnSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>Set while a batch's kept transaction is open on this connection.</summary>
    internal bool InKeptTransaction { get; set; }

    // Every BeginTransaction and BeginTransactionAsync overload comes here.
    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        if (InKeptTransaction) throw new InvalidOperationException(KeptTransactionOpen);
        return base.BeginTransaction(isolationLevel, deferred);
    }

    internal const string KeptTransactionOpen =
        "This SQLite connection is in a batch of turns' transaction (group commit, begun by TurnConnection with a kept "
        + "BEGIN IMMEDIATE), which Microsoft.Data.Sqlite does not know of. Run the statements through the TurnConnection "
        + "that holds it (its transaction is the batch's), or write outside the batch on a connection of your own "
        + "(StoreWriteGate.EnterAsync commits the open batch first).";
}
