using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoProduction.Store.WebChat;

/// <summary>
/// The statements of <see cref="WebChatHistory"/>, written once per model from the EF model (names,
/// column conversions and the stored-value guard's checks from <see cref="EntityColumns"/>), and run
/// on a turn's connection (<see cref="TurnConnection"/>: on SQLite kept open, so each statement is
/// prepared once). Every chat turn appends its activities: as LINQ (an ExecuteUpdate, a read of the
/// number, a SaveChanges, an ExecuteDelete) EF built each statement again on every call, which made
/// a chat turn cost several times an SMS turn. Taking the numbers returns them in the same statement
/// (UPDATE ... RETURNING, on SQLite and PostgreSQL alike). Their values are <see cref="TurnValue"/>s
/// (<see cref="EntityColumns.Value"/>), as the SMS turn's: checked by the stored-value guard when made,
/// and on SQLite set into the kept command's own parameters, so a chat message makes none.
/// </summary>
internal sealed class WebChatStatements
{
    private static readonly ConditionalWeakTable<IModel, WebChatStatements> ByModel = new();

    private readonly EntityColumns _conversations;
    private readonly EntityColumns _activities;
    private readonly EntityColumns _members;
    private readonly string _take;
    private readonly string _takeKeepingExpiry;
    private readonly string[] _inserts;
    private readonly string _trim;
    private readonly string _find;
    private readonly string _findJoined;
    private readonly string _isMember;
    private readonly string _read;
    private readonly string _deleteExpired;
    private readonly string _start;
    private readonly string _join;

    private WebChatStatements(StoreDbContext db)
    {
        var c = _conversations = EntityColumns.For<WebChatConversation>(db);
        var a = _activities = EntityColumns.For<WebChatActivity>(db);
        var m = _members = EntityColumns.For<WebChatMember>(db);
        var next = c[nameof(WebChatConversation.NextSequence)];
        var expires = c[nameof(WebChatConversation.ExpiresAt)];
        var conversationId = c[nameof(WebChatConversation.Id)];
        var (activityConversation, sequence, json) = (a[nameof(WebChatActivity.ConversationId)], a[nameof(WebChatActivity.Sequence)], a[nameof(WebChatActivity.Json)]);
        var live = $"{conversationId} = @id AND {expires} > @now";
        _take = $"UPDATE {c.Table} SET {next} = {next} + @n, {expires} = @expires WHERE {live} RETURNING {next}";
        // The numbers alone while the expiry is nearly the one this message would set: setting it (to
        // any value, the same included) rewrites its index's page too, on every message.
        _takeKeepingExpiry = $"UPDATE {c.Table} SET {next} = {next} + @n WHERE {live} AND {expires} >= @fresh RETURNING {next}";
        // A turn's activities (the visitor's, then the replies) in one statement: row 0 under the
        // client's id when it gave one, the others with none. One text per number of rows, each
        // prepared once on a kept connection.
        var insert = $"INSERT INTO {a.Table} ({activityConversation}, {sequence}, {json}, {a[nameof(WebChatActivity.ClientActivityId)]}) VALUES ";
        _inserts = new string[RowsPerInsert];
        for (var n = 1; n <= RowsPerInsert; n++)
        {
            _inserts[n - 1] = insert + string.Join(", ", Enumerable.Range(0, n).Select(i => i == 0 ? "(@id, @s0, @j0, @client)" : $"(@id, @s{i}, @j{i}, NULL)"));
        }
        _trim = $"DELETE FROM {a.Table} WHERE {activityConversation} = @id AND {sequence} <= @last";
        _find = $"SELECT {c.SelectList} FROM {c.Table} WHERE {live}";
        var userId = c[nameof(WebChatConversation.UserId)];
        // The conversation's own user (the token's) joins with its start, in the start's row: a conversation started
        // with a user has them joined, with no member row (every chat message asks, in the same look-up).
        _findJoined = $"SELECT {c.SelectList}, CASE WHEN {c.Table}.{userId} IS NULL OR {c.Table}.{userId} = '' THEN 0 ELSE 1 END FROM {c.Table} WHERE {live}";
        // A member: a row of theirs, or the user the conversation was started with.
        _isMember = $"SELECT 1 FROM {m.Table} WHERE {m[nameof(WebChatMember.ConversationId)]} = @id AND {m[nameof(WebChatMember.MemberId)]} = @member "
            + $"UNION ALL SELECT 1 FROM {c.Table} WHERE {conversationId} = @id AND {userId} = @member";
        // The live check and the read in one statement: no row at all means the conversation is gone;
        // one row with no activity means nothing new.
        _read = $"SELECT x.{sequence}, x.{json} FROM {c.Table} "
            + $"LEFT JOIN (SELECT {sequence}, {json} FROM {a.Table} WHERE {activityConversation} = @id AND {sequence} > @after "
            + $"ORDER BY {sequence} LIMIT {WebChatHistory.MaxRead}) x ON 1 = 1 WHERE {live} ORDER BY x.{sequence}";
        // Starting and joining are a statement each (ON CONFLICT DO NOTHING: the same on SQLite and
        // PostgreSQL), so two nodes starting the same id, or hearing the same join, make one row.
        _deleteExpired = $"DELETE FROM {c.Table} WHERE {conversationId} = @id AND {expires} <= @now";
        _start = $"INSERT INTO {c.Table} ({conversationId}, {c[nameof(WebChatConversation.UserId)]}, {c[nameof(WebChatConversation.UserName)]}, "
            + $"{c[nameof(WebChatConversation.StartedAt)]}, {expires}, {next}) VALUES (@id, @user, @name, @now, @expires, 0) "
            + $"ON CONFLICT ({conversationId}) DO NOTHING";
        var (memberConversation, member) = (m[nameof(WebChatMember.ConversationId)], m[nameof(WebChatMember.MemberId)]);
        _join = $"INSERT INTO {m.Table} ({memberConversation}, {member}) VALUES (@id, @member) ON CONFLICT ({memberConversation}, {member}) DO NOTHING";
    }

    public static WebChatStatements For(StoreDbContext db) => ByModel.GetValue(db.Model, _ => new WebChatStatements(db));

    /// <summary>
    /// Takes <paramref name="count"/> numbers of a live conversation (locking its row until commit) and
    /// returns the first; null when the conversation is gone or expired. Its expiry moves on to
    /// <paramref name="expiresAt"/> unless it is already within a hundredth of the lifetime of it
    /// (<see cref="ExpiryKeptWithin"/>): a chat in use expires at most that much sooner (about 14 minutes
    /// of a day), and most messages leave the expiry and its index alone.
    /// </summary>
    public async Task<long?> TakeAsync(TurnConnection connection, string id, int count, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var n = _conversations.Value(nameof(WebChatConversation.NextSequence), "@n", (long)count);
        if (expiresAt > now)
        {
            await using var fresh = await connection.ReaderAsync(_takeKeepingExpiry,
                [n, .. Live(id, now), _conversations.Value(nameof(WebChatConversation.ExpiresAt), "@fresh", expiresAt - ExpiryKeptWithin(now, expiresAt))], ct);
            if (await fresh.ReadAsync(ct) && !fresh.IsDBNull(0))
            {
                return Convert.ToInt64(fresh.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) - count;
            }
        }
        await using var reader = await connection.ReaderAsync(_take,
            [n, _conversations.Value(nameof(WebChatConversation.ExpiresAt), "@expires", expiresAt), .. Live(id, now)], ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0)) return null;
        return Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) - count;
    }

    /// <summary>How far short of a new message's expiry the kept one may be: a hundredth of the lifetime.</summary>
    internal static TimeSpan ExpiryKeptWithin(DateTimeOffset now, DateTimeOffset expiresAt) => (expiresAt - now) / 100;

    /// <summary>Most rows one insert carries; a turn with more activities (rare) takes several.</summary>
    internal const int RowsPerInsert = 8;

    /// <summary>
    /// The insert of activities numbered from <paramref name="first"/> (the numbers taken by
    /// <see cref="TakeAsync"/>), each rendered once with its number, the first under the client's
    /// id when it gave one: one statement for up to <see cref="RowsPerInsert"/> of them. Then, when one
    /// is due (<see cref="TrimDue"/>), the trim that keeps at most the latest <paramref name="keep"/> (<see cref="TrimThrough"/>).
    /// Every value is checked first, as the stored-value guard checks a SaveChanges.
    /// </summary>
    public (List<(string Sql, DbParameter[] Parameters)> Writes, List<WebChatActivity> Added) Append(
        string id, long first, IReadOnlyList<Func<long, string>> renders, string? clientActivityId, int keep)
    {
        var added = new List<WebChatActivity>(renders.Count);
        var writes = new List<(string Sql, DbParameter[] Parameters)>(renders.Count / RowsPerInsert + 2);
        var conversation = _activities.Value(nameof(WebChatActivity.ConversationId), "@id", id);
        for (var from = 0; from < renders.Count; from += RowsPerInsert)
        {
            var rows = Math.Min(RowsPerInsert, renders.Count - from);
            var parameters = new DbParameter[2 + 2 * rows];
            parameters[0] = conversation;
            parameters[1] = _activities.Value(nameof(WebChatActivity.ClientActivityId), "@client", from == 0 ? clientActivityId : null);
            for (var i = 0; i < rows; i++)
            {
                var activity = new WebChatActivity
                {
                    ConversationId = id, Sequence = first + from + i, Json = renders[from + i](first + from + i),
                    ClientActivityId = from + i == 0 ? clientActivityId : null,
                };
                parameters[2 + 2 * i] = _activities.Value(nameof(WebChatActivity.Sequence), SequenceNames[i], activity.Sequence);
                parameters[3 + 2 * i] = _activities.Value(nameof(WebChatActivity.Json), JsonNames[i], activity.Json);
                added.Add(activity);
            }
            writes.Add((_inserts[rows - 1], parameters));
        }
        var last = first + renders.Count - 1;
        if (TrimDue(first, last, keep)) writes.Add(Trim(id, TrimThrough(last, keep)));
        return (writes, added);
    }

    /// <summary>
    /// Whether an append of the numbers <paramref name="first"/> to <paramref name="last"/> needs its trim:
    /// only when it takes the conversation past its cap for the first time, or past the next of the trim's
    /// fixed steps (<see cref="TrimThrough"/>). Every append before it that was past the cap deleted
    /// through its own step in its own transaction, so between two steps the delete would find nothing:
    /// it ran on every message of a long chat (a statement of the turn's write) to delete a row one
    /// message in about fifteen.
    /// </summary>
    internal static bool TrimDue(long first, long last, int keep) =>
        last >= keep && (first <= keep || TrimThrough(last, keep) != TrimThrough(first - 1, keep));

    /// <summary>How many of its cap a conversation's trim takes at a time: 1/32 of the cap (31 of 1,000; one at a time under 64).</summary>
    internal static int TrimStep(int keep) => Math.Max(1, keep / 32);

    /// <summary>
    /// The last number the trim deletes once the conversation's newest is <paramref name="last"/>: the
    /// oldest go a <see cref="TrimStep"/> at a time, at fixed numbers (k * step - 1), so a conversation
    /// past its cap holds between <c>keep - step + 1</c> and <c>keep</c> activities, never more. Numbers
    /// run from 0 without gaps, so keeping "last - upTo" activities is exact. Between two steps the
    /// delete finds nothing left to delete and writes no page: deleting a few of the oldest every turn
    /// rewrote the pages that hold them (in the table and both its indexes) on every turn.
    /// </summary>
    internal static long TrimThrough(long last, int keep)
    {
        var step = TrimStep(keep);
        return ((last - keep) / step + 1) * step - 1;
    }

    private static readonly string[] SequenceNames = Enumerable.Range(0, RowsPerInsert).Select(i => "@s" + i).ToArray();
    private static readonly string[] JsonNames = Enumerable.Range(0, RowsPerInsert).Select(i => "@j" + i).ToArray();

    /// <summary>The delete of the conversation's activities numbered up to <paramref name="last"/>.</summary>
    private (string Sql, DbParameter[] Parameters) Trim(string id, long last) =>
        (_trim,
        [
            _activities.Value(nameof(WebChatActivity.ConversationId), "@id", id, check: false),
            _activities.Value(nameof(WebChatActivity.Sequence), "@last", last),
        ]);

    /// <summary>The live conversation (not past its expiry), or null.</summary>
    public async Task<WebChatConversation?> FindAsync(TurnConnection connection, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var reader = await connection.ReaderAsync(_find, Live(id, now), ct);
        if (!await reader.ReadAsync(ct)) return null;
        return _conversations.Read(reader, new WebChatConversation { Id = id });
    }

    /// <summary>The live conversation and whether its own user has joined it; null when it is gone.</summary>
    public async Task<(WebChatConversation Conversation, bool UserJoined)?> FindJoinedAsync(TurnConnection connection, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var reader = await connection.ReaderAsync(_findJoined, Live(id, now), ct);
        if (!await reader.ReadAsync(ct)) return null;
        var conversation = _conversations.Read(reader, new WebChatConversation { Id = id });
        return (conversation, Convert.ToInt64(reader.GetValue(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture) == 1);
    }

    public async Task<bool> IsMemberAsync(TurnConnection connection, string id, string memberId, CancellationToken ct)
    {
        await using var reader = await connection.ReaderAsync(_isMember, Member(id, memberId, check: false), ct);
        return await reader.ReadAsync(ct);
    }

    /// <summary>Activities numbered after <paramref name="after"/>, oldest first, at most <see cref="WebChatHistory.MaxRead"/>; null when the conversation is gone.</summary>
    public async Task<List<WebChatActivity>?> ReadAsync(TurnConnection connection, string id, long after, DateTimeOffset now, CancellationToken ct)
    {
        await using var reader = await connection.ReaderAsync(_read,
            [.. Live(id, now), _activities.Value(nameof(WebChatActivity.Sequence), "@after", after)], ct);
        List<WebChatActivity>? read = null;
        while (await reader.ReadAsync(ct))
        {
            read ??= [];
            if (reader.IsDBNull(0)) continue;
            read.Add(new WebChatActivity { ConversationId = id, Sequence = reader.GetInt64(0), Json = reader.GetString(1) });
        }
        return read;
    }

    /// <summary>
    /// Starts the conversation unless one (live) holds the id; an expired one under it is replaced. True when this
    /// call started it. A new id (every new visitor's) is free, so the insert is tried alone first; only when the id
    /// is taken is an expired conversation under it deleted and the insert tried again, in the same transaction:
    /// what is kept is what deleting first and inserting kept, with one statement fewer for a new visitor.
    /// </summary>
    public async Task<bool> StartAsync(TurnConnection connection, WebChatConversation conversation, DateTimeOffset now, CancellationToken ct)
    {
        // Every value checked before a statement runs, as a SaveChanges would.
        if ((await connection.WriteAsync([(_start, Start(conversation))], ct))[0] == 1) return true;
        // Fresh parameters for the second try: a driver's parameter belongs to one command.
        var changed = await connection.WriteAsync([(_deleteExpired, Live(conversation.Id, now)), (_start, Start(conversation))], ct);
        return changed[1] == 1;
    }

    private DbParameter[] Start(WebChatConversation conversation) =>
    [
        .. Live(conversation.Id, conversation.StartedAt),
        _conversations.Value(nameof(WebChatConversation.UserId), "@user", conversation.UserId),
        _conversations.Value(nameof(WebChatConversation.UserName), "@name", conversation.UserName),
        _conversations.Value(nameof(WebChatConversation.ExpiresAt), "@expires", conversation.ExpiresAt),
    ];

    /// <summary>Records the member; true only when this call added them.</summary>
    public async Task<bool> JoinAsync(TurnConnection connection, string id, string memberId, CancellationToken ct) =>
        (await connection.WriteAsync([(_join, Member(id, memberId, check: true))], ct))[0] == 1;

    private DbParameter[] Live(string id, DateTimeOffset now) =>
    [
        _conversations.Value(nameof(WebChatConversation.Id), "@id", id, check: false),
        _conversations.Value(nameof(WebChatConversation.ExpiresAt), "@now", now),
    ];

    private DbParameter[] Member(string id, string memberId, bool check) =>
    [
        _members.Value(nameof(WebChatMember.ConversationId), "@id", id, check: false),
        _members.Value(nameof(WebChatMember.MemberId), "@member", memberId, check),
    ];
}
