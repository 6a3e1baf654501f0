using System.Data.Common;
using CoProduction.Store.Limits;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.WebChat;

/// <summary>
/// Web chat conversations and their activities in the shared store, so a chat started on one
/// node carries on on any other: no sticky sessions. Knows nothing of Direct Line; the host
/// adapts it to the channel's conversation seam. A conversation past its
/// <see cref="WebChatConversation.ExpiresAt"/> is treated as gone before housekeeping deletes it.
/// Each call uses its own short-lived context, so one instance serves the whole process; the
/// statements every chat turn makes run on a turn's connection (on SQLite kept open, so each is
/// prepared once: <see cref="TurnConnections"/>).
/// </summary>
public sealed class WebChatHistory(IDbContextFactory<StoreDbContext> contexts, StoreWriteGate writeGate, TurnConnections connections)
{
    /// <summary>Most activities one read returns; the client asks again from the last watermark.</summary>
    public const int MaxRead = 500;

    /// <summary>
    /// Starts the conversation, or returns the live one already started under this id (false).
    /// An expired one under the same id is replaced. When <paramref name="userId"/> is given, that
    /// user joins the new conversation with it (UserJoined in the answer: the caller need not ask
    /// <see cref="AddMemberAsync"/>, which says false for them): the conversation's own row says so, with no member row.
    /// </summary>
    public async Task<(WebChatConversation Conversation, bool IsNew, bool UserJoined)> StartAsync(
        string id, string? userId, string? userName, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var (conversation, isNew, joined) = await StartAsync(id, userId, userName, now, expiresAt, count: null, ct);
        return (conversation!, isNew, joined);
    }

    /// <summary>
    /// As the start without a count, but the request is first counted for <see cref="StartCount.Key"/> in the
    /// same transaction (<see cref="RateCounters"/>' upsert): one commit for both. When the count is over
    /// <see cref="StartCount.Permits"/>, nothing is kept, neither the count nor a conversation, and the
    /// conversation is null. (Rolling back a refused request's count changes no later answer: in a fixed
    /// window a count over the limit stays there; the refused request only leaves it at the limit.)
    /// </summary>
    public async Task<(WebChatConversation? Conversation, bool IsNew, bool UserJoined)> StartAsync(
        string id, string? userId, string? userName, DateTimeOffset now, DateTimeOffset expiresAt, StartCount? count, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await using var call = new Call(contexts);
        var statements = WebChatStatements.For(connections.Model);
        var conversation = new WebChatConversation
        {
            Id = id, UserId = userId, UserName = userName, StartedAt = now, ExpiresAt = expiresAt,
        };
        var started = false;
        var over = false;
        // The gate first, then the writer's connection, as a turn's save: a start waiting behind other writes
        // holds no connection, and its commit leaves the writer's page cache valid for the turns after it
        // (SQLite drops a connection's whole cache when another connection has committed since its last read:
        // on another connection, each start made the next turns read their pages from the file again). On
        // SQLite the start shares its commit with the turns around it, as a turn does (group commit,
        // StoreWriteGate.EnterTurnAsync): its work in a savepoint of the batch's transaction, and it returns only
        // once that batch is committed, so the conversation is stored before its start is answered. A commit of
        // its own cut the open batch short (every other user of the gate commits it first) and wrote the
        // conversation's and the count's pages to the WAL once more, twice a new visitor (the token's count too).
        // No look-up first: the insert says whether the id was free, and a page reload (the id taken) is
        // the rare case that looks the live one up after.
        var writing = await writeGate.EnterTurnAsync(ct);
        try
        {
            await using var connection = await connections.OpenWriterAsync(call.Lease, ct);
            await writing.BeginAsync(connection, ct);
            // PostgreSQL (no gate, so no batch): a transaction of its own.
            if (connection.Transaction is null) await connection.BeginAsync(ct);
            if (count is { } c && await RateCounters.IncrementAsync(connection, connections.Model, c.Key, c.WindowStart, ct) > c.Permits)
            {
                // Over the limit: its work goes back (the connection given back undoes what was not committed).
                over = true;
            }
            else
            {
                started = await statements.StartAsync(connection, conversation, now, ct);
                // A counted start keeps its count even when the id was taken (a page reload): it was a request.
                if (started || count is not null) await connection.CommitAsync(ct);
            }
        }
        catch
        {
            await writing.EndAsync(wait: false);
            throw;
        }
        // The connection given back first: the next writer takes it, with the batch's transaction. Then the
        // batch's commit, whatever the outcome (a refused start's next look finds the batch committed).
        await writing.EndAsync(wait: true);
        if (over) return (null, false, false);
        // The user is joined by the row itself (its UserId: WebChatStatements' look-ups read it as a member), so
        // no member row is written for them: one statement and two B-trees' pages fewer in a new visitor's start.
        var joined = started && !string.IsNullOrEmpty(userId);
        if (started) return (conversation, true, joined);
        // Started before under this id, or at the same moment on another node (a page reload racing itself): theirs stands.
        await using (var connection = await connections.OpenAsync(call.Lease, ct))
        {
            return (await statements.FindAsync(connection, id, now, ct) ?? throw new InvalidOperationException(
                "The web chat conversation could not be started: another one holds its id."), false, false);
        }
    }

    public async Task<WebChatConversation?> FindAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var call = new Call(contexts);
        // On the writer's connection when it is free: SQLite drops a kept reader's whole page cache after
        // every commit by the writer, so a reader read the conversation's pages from the file again for
        // every message (TurnConnections.OpenForReadAsync).
        using var writing = writeGate.TryEnter();
        await using var connection = await connections.OpenForReadAsync(writing, call.Lease, ct);
        // Every chat request asks this (to authorise it): a prepared statement, not an EF query.
        return await WebChatStatements.For(connections.Model).FindAsync(connection, id, now, ct);
    }

    /// <summary>The live conversation and whether its own user has joined it, in one statement; null when it is gone.</summary>
    public async Task<(WebChatConversation Conversation, bool UserJoined)?> FindJoinedAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var call = new Call(contexts);
        // Every chat message asks this before its turn.
        using var writing = writeGate.TryEnter();
        await using var connection = await connections.OpenForReadAsync(writing, call.Lease, ct);
        return await WebChatStatements.For(connections.Model).FindJoinedAsync(connection, id, now, ct);
    }

    /// <summary>
    /// Adds an activity under the conversation's next number; <paramref name="render"/> gets the
    /// number and returns the JSON, once. Null when the conversation is gone. At most the latest
    /// <paramref name="keep"/> activities stay (the oldest go a 32nd of it at a time:
    /// <see cref="WebChatStatements.TrimThrough"/>), in the same transaction, so a chat
    /// left open (or a client posting in a loop) cannot grow the store without end.
    /// </summary>
    public async Task<WebChatActivity?> AppendAsync(string id, Func<long, string> render, DateTimeOffset now, DateTimeOffset expiresAt, int keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(render);
        return (await AppendAsync(id, [render], now, expiresAt, keep, ct))?[0];
    }

    /// <summary>
    /// Adds several activities (a turn's replies) under the conversation's next numbers, in order,
    /// in one transaction; otherwise as the single append. Null when the conversation is gone.
    /// </summary>
    public async Task<IReadOnlyList<WebChatActivity>?> AppendAsync(
        string id, IReadOnlyList<Func<long, string>> renders, DateTimeOffset now, DateTimeOffset expiresAt, int keep, CancellationToken ct) =>
        (await AppendAsync(id, renders, clientActivityId: null, now, expiresAt, keep, ct)).Added;

    /// <summary>
    /// As the append of several, where the first is a visitor's activity the client named
    /// <paramref name="clientActivityId"/>: when an activity of that name is kept in the conversation
    /// already (the same post again, or at the same moment on another node), nothing is added and
    /// Repeated is true. Added is null when the conversation is gone.
    /// </summary>
    public async Task<(IReadOnlyList<WebChatActivity>? Added, bool Repeated)> AppendAsync(
        string id, IReadOnlyList<Func<long, string>> renders, string? clientActivityId, DateTimeOffset now, DateTimeOffset expiresAt, int keep, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        ArgumentNullException.ThrowIfNull(renders);
        if (renders.Count == 0) return ([], false);
        // On SQLite, in the one queue of writers with the turns themselves: otherwise each reply of a
        // chat turn met the turn's own write lock and the driver retried it by sleeping a thread.
        using var writing = await writeGate.EnterAsync(ct);
        await using var call = new Call(contexts);
        var statements = WebChatStatements.For(connections.Model);
        // On the writer's connection, as the start and the turns' saves: its commit leaves that connection's page cache valid.
        await using var connection = await connections.OpenWriterAsync(call.Lease, ct);
        await connection.BeginAsync(ct);
        // Taking the numbers locks the conversation's row until commit: a second writer (on any
        // node) waits here, so numbers are committed in order.
        if (await statements.TakeAsync(connection, id, renders.Count, now, expiresAt, ct) is not { } first) return (null, false);

        var (writes, added) = statements.Append(id, first, renders, clientActivityId, keep);
        try
        {
            await connection.WriteAsync(writes, ct);
        }
        catch (DbException e) when (clientActivityId is not null && StoreFailures.IsUniqueViolation(e))
        {
            // Only the client's id can collide (the numbers are this write's own, under the row lock).
            // Nothing is kept: the connection rolls the transaction back when it is given back.
            return ([], true);
        }
        await connection.CommitAsync(ct);
        return (added, false);
    }

    /// <summary>Kept activities numbered after <paramref name="after"/> (all when null), oldest first; null when the conversation is gone.</summary>
    public async Task<IReadOnlyList<WebChatActivity>?> ReadAsync(string id, long? after, DateTimeOffset now, CancellationToken ct)
    {
        await using var call = new Call(contexts);
        await using var connection = await connections.OpenAsync(call.Lease, ct);
        // One statement for the live check and the read: every poll of every chat asks it.
        return await WebChatStatements.For(connections.Model).ReadAsync(connection, id, after ?? -1, now, ct);
    }

    /// <summary>
    /// The last activity number of each live conversation among <paramref name="ids"/> (-1 when it
    /// has none yet); a conversation missing from the answer has ended. One query, for the
    /// node's poll of the conversations it streams.
    /// </summary>
    public async Task<Dictionary<string, long>> LatestAsync(IReadOnlyCollection<string> ids, DateTimeOffset now, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WebChatConversations.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.ExpiresAt > now)
            .ToDictionaryAsync(c => c.Id, c => c.NextSequence - 1, ct);
    }

    /// <summary>Records that a member joined the live conversation: true only the first time, on any node.</summary>
    public async Task<bool> AddMemberAsync(string id, string memberId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        await using var call = new Call(contexts);
        var statements = WebChatStatements.For(connections.Model);
        await using (var connection = await connections.OpenAsync(call.Lease, ct))
        {
            // Asked on every chat message, and nearly always already true: that answer needs no live
            // check, since members go only with their conversation.
            if (await statements.IsMemberAsync(connection, id, memberId, ct)) return false;
            if (await statements.FindAsync(connection, id, now, ct) is null) return false;
        }
        // The gate first, then a connection: the connection above is given back before waiting.
        using (await writeGate.EnterAsync(ct))
        {
            await using var connection = await connections.OpenWriterAsync(call.Lease, ct);
            return await statements.JoinAsync(connection, id, memberId, ct);
        }
    }

    /// <summary>Deletes conversations past their expiry, with their activities and members; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The database's cascade takes the activities and members with them.
        return await db.WebChatConversations.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// One call's lease: the statements run on a kept connection and need no EF context on SQLite
    /// (renting and resetting a pooled one was a share of every chat request); on PostgreSQL, or
    /// under a test's interceptor, a context is rented and given back here.
    /// </summary>
    private sealed class Call(IDbContextFactory<StoreDbContext> contexts) : IAsyncDisposable
    {
        public StoreContextLease Lease { get; } = new(contexts);

        public async ValueTask DisposeAsync()
        {
            if (Lease.Rented) await Lease.Context.DisposeAsync();
        }
    }
}

/// <summary>
/// A conversation start counted in its own write: one more request for <paramref name="Key"/> in the fixed window
/// starting at <paramref name="WindowStart"/>, allowed while the count (this one included) is at most <paramref name="Permits"/>.
/// </summary>
public readonly record struct StartCount(string Key, DateTimeOffset WindowStart, int Permits);
