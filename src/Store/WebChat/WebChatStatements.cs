using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Store.WebChat;

/// <summary>
/// The few statements of <see cref="WebChatHistory.AppendAsync(string, IReadOnlyList{Func{long, string}}, DateTimeOffset, DateTimeOffset, int, CancellationToken)"/>,
/// written once per model from the EF model (names and column conversions). Every chat turn
/// appends its activities: as LINQ (an ExecuteUpdate, a read of the number, a SaveChanges, an
/// ExecuteDelete) EF built each statement again on every call, which made a chat turn cost
/// several times an SMS turn. Taking the numbers returns them in the same statement
/// (UPDATE ... RETURNING, on SQLite and PostgreSQL alike).
/// </summary>
internal sealed class WebChatStatements
{
    private static readonly ConditionalWeakTable<IModel, WebChatStatements> ByModel = new();

    private readonly string _take;
    private readonly string _insert;
    private readonly string _trim;
    private readonly string _find;
    private readonly string _isMember;
    private readonly string _read;
    private readonly string _deleteExpired;
    private readonly string _start;
    private readonly string _join;
    private readonly IProperty _userId;
    private readonly IProperty _userName;
    private readonly RelationalTypeMapping _startedAt;
    private readonly RelationalTypeMapping _memberId;
    private readonly IProperty _member;
    private readonly RelationalTypeMapping _id;
    private readonly RelationalTypeMapping _expires;
    private readonly RelationalTypeMapping _long;
    private readonly IProperty _json;

    private WebChatStatements(StoreDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var conversations = db.Model.FindEntityType(typeof(WebChatConversation))!;
        var activities = db.Model.FindEntityType(typeof(WebChatActivity))!;
        var c = StoreObjectIdentifier.Table(conversations.GetTableName()!, conversations.GetSchema());
        var a = StoreObjectIdentifier.Table(activities.GetTableName()!, activities.GetSchema());
        string Column(IEntityType e, StoreObjectIdentifier t, string name) => sql.DelimitIdentifier(e.FindProperty(name)!.GetColumnName(t)!);
        string C(string name) => Column(conversations, c, name);
        string A(string name) => Column(activities, a, name);
        var next = C(nameof(WebChatConversation.NextSequence));
        var expires = C(nameof(WebChatConversation.ExpiresAt));
        _take = $"UPDATE {sql.DelimitIdentifier(c.Name, c.Schema)} SET {next} = {next} + @n, {expires} = @expires "
            + $"WHERE {C(nameof(WebChatConversation.Id))} = @id AND {expires} > @now RETURNING {next}";
        _insert = $"INSERT INTO {sql.DelimitIdentifier(a.Name, a.Schema)} ({A(nameof(WebChatActivity.ConversationId))}, "
            + $"{A(nameof(WebChatActivity.Sequence))}, {A(nameof(WebChatActivity.Json))}) VALUES (@id, @sequence, @json)";
        _trim = $"DELETE FROM {sql.DelimitIdentifier(a.Name, a.Schema)} WHERE {A(nameof(WebChatActivity.ConversationId))} = @id "
            + $"AND {A(nameof(WebChatActivity.Sequence))} <= @last";
        var members = db.Model.FindEntityType(typeof(WebChatMember))!;
        var m = StoreObjectIdentifier.Table(members.GetTableName()!, members.GetSchema());
        string M(string name) => Column(members, m, name);
        var conversationTable = sql.DelimitIdentifier(c.Name, c.Schema);
        var live = $"{C(nameof(WebChatConversation.Id))} = @id AND {expires} > @now";
        _find = $"SELECT {C(nameof(WebChatConversation.UserId))}, {C(nameof(WebChatConversation.UserName))}, "
            + $"{C(nameof(WebChatConversation.StartedAt))}, {expires} FROM {conversationTable} WHERE {live}";
        _isMember = $"SELECT 1 FROM {sql.DelimitIdentifier(m.Name, m.Schema)} WHERE {M(nameof(WebChatMember.ConversationId))} = @id "
            + $"AND {M(nameof(WebChatMember.MemberId))} = @member";
        // The live check and the read in one statement: no row at all means the conversation is gone;
        // one row with no activity means nothing new.
        var activityTable = sql.DelimitIdentifier(a.Name, a.Schema);
        _read = $"SELECT x.{A(nameof(WebChatActivity.Sequence))}, x.{A(nameof(WebChatActivity.Json))} FROM {conversationTable} "
            + $"LEFT JOIN (SELECT {A(nameof(WebChatActivity.Sequence))}, {A(nameof(WebChatActivity.Json))} FROM {activityTable} "
            + $"WHERE {A(nameof(WebChatActivity.ConversationId))} = @id AND {A(nameof(WebChatActivity.Sequence))} > @after "
            + $"ORDER BY {A(nameof(WebChatActivity.Sequence))} LIMIT {WebChatHistory.MaxRead}) x ON 1 = 1 "
            + $"WHERE {live} ORDER BY x.{A(nameof(WebChatActivity.Sequence))}";
        // Starting and joining are a statement each (ON CONFLICT DO NOTHING: the same on SQLite and
        // PostgreSQL), so two nodes starting the same id, or hearing the same join, make one row.
        _deleteExpired = $"DELETE FROM {conversationTable} WHERE {C(nameof(WebChatConversation.Id))} = @id AND {expires} <= @now";
        _start = $"INSERT INTO {conversationTable} ({C(nameof(WebChatConversation.Id))}, {C(nameof(WebChatConversation.UserId))}, "
            + $"{C(nameof(WebChatConversation.UserName))}, {C(nameof(WebChatConversation.StartedAt))}, {expires}, {next}) "
            + $"VALUES (@id, @user, @name, @now, @expires, 0) ON CONFLICT ({C(nameof(WebChatConversation.Id))}) DO NOTHING";
        _join = $"INSERT INTO {sql.DelimitIdentifier(m.Name, m.Schema)} ({M(nameof(WebChatMember.ConversationId))}, {M(nameof(WebChatMember.MemberId))}) "
            + $"VALUES (@id, @member) ON CONFLICT ({M(nameof(WebChatMember.ConversationId))}, {M(nameof(WebChatMember.MemberId))}) DO NOTHING";
        _userId = conversations.FindProperty(nameof(WebChatConversation.UserId))!;
        _userName = conversations.FindProperty(nameof(WebChatConversation.UserName))!;
        _startedAt = (RelationalTypeMapping)conversations.FindProperty(nameof(WebChatConversation.StartedAt))!.GetRelationalTypeMapping();
        _member = members.FindProperty(nameof(WebChatMember.MemberId))!;
        _memberId = (RelationalTypeMapping)_member.GetRelationalTypeMapping();
        _id = (RelationalTypeMapping)conversations.FindProperty(nameof(WebChatConversation.Id))!.GetRelationalTypeMapping();
        _expires = (RelationalTypeMapping)conversations.FindProperty(nameof(WebChatConversation.ExpiresAt))!.GetRelationalTypeMapping();
        _long = (RelationalTypeMapping)activities.FindProperty(nameof(WebChatActivity.Sequence))!.GetRelationalTypeMapping();
        _json = activities.FindProperty(nameof(WebChatActivity.Json))!;
    }

    public static WebChatStatements For(StoreDbContext db) => ByModel.GetValue(db.Model, _ => new WebChatStatements(db));

    /// <summary>Takes <paramref name="count"/> numbers of a live conversation (locking its row until
    /// commit) and returns the first; null when the conversation is gone or expired.</summary>
    public async Task<long?> TakeAsync(DbConnection connection, DbTransaction transaction, string id, int count, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await using var command = New(connection, transaction, _take);
        command.Parameters.Add(_long.CreateParameter(command, "@n", (long)count, nullable: false));
        command.Parameters.Add(_expires.CreateParameter(command, "@expires", expiresAt, nullable: false));
        command.Parameters.Add(_id.CreateParameter(command, "@id", id, nullable: false));
        command.Parameters.Add(_expires.CreateParameter(command, "@now", now, nullable: false));
        var next = await command.ExecuteScalarAsync(ct);
        return next is null or DBNull ? null : Convert.ToInt64(next, System.Globalization.CultureInfo.InvariantCulture) - count;
    }

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, WebChatActivity activity, CancellationToken ct)
    {
        // The same refusal an EF save would give (its guard runs on SaveChanges only).
        StoredValueGuard.CheckValue(_json, activity.Json);
        await using var command = New(connection, transaction, _insert);
        command.Parameters.Add(_id.CreateParameter(command, "@id", activity.ConversationId, nullable: false));
        command.Parameters.Add(_long.CreateParameter(command, "@sequence", activity.Sequence, nullable: false));
        command.Parameters.Add(_json.GetRelationalTypeMapping().CreateParameter(command, "@json", activity.Json, nullable: false));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes the conversation's activities numbered up to <paramref name="last"/>.</summary>
    public async Task TrimAsync(DbConnection connection, DbTransaction transaction, string id, long last, CancellationToken ct)
    {
        await using var command = New(connection, transaction, _trim);
        command.Parameters.Add(_id.CreateParameter(command, "@id", id, nullable: false));
        command.Parameters.Add(_long.CreateParameter(command, "@last", last, nullable: false));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The live conversation (not past its expiry), or null.</summary>
    public async Task<WebChatConversation?> FindAsync(DbConnection connection, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = New(connection, null, _find);
        AddLive(command, id, now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new WebChatConversation
        {
            Id = id,
            UserId = reader.IsDBNull(0) ? null : reader.GetString(0),
            UserName = reader.IsDBNull(1) ? null : reader.GetString(1),
            StartedAt = Read(reader, 2, _startedAt),
            ExpiresAt = Read(reader, 3, _expires),
        };
    }

    public async Task<bool> IsMemberAsync(DbConnection connection, string id, string memberId, CancellationToken ct)
    {
        await using var command = New(connection, null, _isMember);
        command.Parameters.Add(_id.CreateParameter(command, "@id", id, nullable: false));
        command.Parameters.Add(_memberId.CreateParameter(command, "@member", memberId, nullable: false));
        return await command.ExecuteScalarAsync(ct) is not (null or DBNull);
    }

    /// <summary>Activities numbered after <paramref name="after"/>, oldest first, at most <see cref="WebChatHistory.MaxRead"/>; null when the conversation is gone.</summary>
    public async Task<List<WebChatActivity>?> ReadAsync(DbConnection connection, string id, long after, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = New(connection, null, _read);
        AddLive(command, id, now);
        command.Parameters.Add(_long.CreateParameter(command, "@after", after, nullable: false));
        await using var reader = await command.ExecuteReaderAsync(ct);
        List<WebChatActivity>? read = null;
        while (await reader.ReadAsync(ct))
        {
            read ??= [];
            if (reader.IsDBNull(0)) continue;
            read.Add(new WebChatActivity { ConversationId = id, Sequence = reader.GetInt64(0), Json = reader.GetString(1) });
        }
        return read;
    }

    /// <summary>Starts the conversation unless one (live) holds the id; an expired one under it goes first. True when this call started it.</summary>
    public async Task<bool> StartAsync(DbConnection connection, WebChatConversation conversation, DateTimeOffset now, CancellationToken ct)
    {
        if (conversation.UserId is { } user) StoredValueGuard.CheckValue(_userId, user);
        if (conversation.UserName is { } name) StoredValueGuard.CheckValue(_userName, name);
        await using (var delete = New(connection, null, _deleteExpired))
        {
            AddLive(delete, conversation.Id, now);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await using var command = New(connection, null, _start);
        AddLive(command, conversation.Id, conversation.StartedAt);
        command.Parameters.Add(_userId.GetRelationalTypeMapping().CreateParameter(command, "@user", conversation.UserId, nullable: true));
        command.Parameters.Add(_userName.GetRelationalTypeMapping().CreateParameter(command, "@name", conversation.UserName, nullable: true));
        command.Parameters.Add(_expires.CreateParameter(command, "@expires", conversation.ExpiresAt, nullable: false));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Records the member; true only when this call added them.</summary>
    public async Task<bool> JoinAsync(DbConnection connection, string id, string memberId, CancellationToken ct)
    {
        StoredValueGuard.CheckValue(_member, memberId);
        await using var command = New(connection, null, _join);
        command.Parameters.Add(_id.CreateParameter(command, "@id", id, nullable: false));
        command.Parameters.Add(_memberId.CreateParameter(command, "@member", memberId, nullable: false));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private void AddLive(DbCommand command, string id, DateTimeOffset now)
    {
        command.Parameters.Add(_id.CreateParameter(command, "@id", id, nullable: false));
        command.Parameters.Add(_expires.CreateParameter(command, "@now", now, nullable: false));
    }

    private static DateTimeOffset Read(DbDataReader reader, int ordinal, RelationalTypeMapping mapping) =>
        mapping.Converter is { } converter
            ? (DateTimeOffset)converter.ConvertFromProvider(reader.GetValue(ordinal))!
            : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static DbCommand New(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
