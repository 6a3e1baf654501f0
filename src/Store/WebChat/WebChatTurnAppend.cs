using System.Data.Common;
using CoProduction.Store.Setup;

namespace CoProduction.Store.WebChat;

/// <summary>
/// A web chat turn's activities (the visitor's own, then the replies) to be kept in the turn's own
/// transaction, with its answers and its session, rather than in a second transaction after it:
/// one write a chat turn, and a failure keeps neither. Given to the turn's store
/// (<c>ConversationStore.WebChatAppend</c>); the prepared save takes the conversation's numbers,
/// renders each activity once with its number and adds the inserts to its own statements.
/// <paramref name="committed"/> is told what was kept once the transaction committed (null: the
/// conversation had ended, and nothing of the chat was kept). A turn the store saves otherwise
/// (by EF) never calls it, and the caller keeps the activities itself, as before.
/// </summary>
public sealed class WebChatTurnAppend(
    string conversationId,
    IReadOnlyList<Func<long, string>> renders,
    string? clientActivityId,
    DateTimeOffset now,
    DateTimeOffset expiresAt,
    int keep,
    Action<IReadOnlyList<WebChatActivity>?> committed)
{
    private List<WebChatActivity>? _pending;
    private bool _gone;

    public string ConversationId => conversationId;

    /// <summary>
    /// Inside the turn's transaction (begun here when it is not yet), under the write gate: takes the
    /// numbers, which locks the conversation's row until commit, and returns the inserts and the trim.
    /// </summary>
    internal async Task<List<(string Sql, DbParameter[] Parameters)>> StatementsAsync(StoreDbContext db, TurnConnection connection, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        (_pending, _gone) = (null, false);
        var statements = WebChatStatements.For(db);
        if (connection.Transaction is null) await connection.BeginAsync(ct);
        if (await statements.TakeAsync(connection, conversationId, renders.Count, now, expiresAt, ct) is not { } first)
        {
            _gone = true;
            return [];
        }
        var (writes, added) = statements.Append(conversationId, first, renders, clientActivityId, keep);
        _pending = added;
        return writes;
    }

    /// <summary>After the turn's commit.</summary>
    internal void Committed() => committed(_gone ? null : _pending ?? []);
}
