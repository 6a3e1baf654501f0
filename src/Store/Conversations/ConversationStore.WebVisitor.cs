using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.BotState;
using CoProduction.Store.Catalog;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Store.WebChat;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoProduction.Store.Conversations;

/// <summary>
/// A web chat visitor's load as one command, as a text's is (ConversationStore.Prepared.cs): the
/// person by their web user id, "opted out?", their open session, the catalog stamp and the menu
/// last offered (<see cref="MenuItems"/>). The answering turn that follows is saved by the same
/// prepared statements as a text's (SavePlainTurnAsync: it is keyed on the person the load read, not
/// on a phone), and its menu and its chat history (<see cref="WebChatAppend"/>) are written in that
/// same transaction (<see cref="WebVisitorWritesAsync"/>): one write a chat turn.
/// </summary>
public sealed partial class ConversationStore
{
    // The menu the last web visitor's load read (MenuMemory asks nothing more), and the address whose
    // menu the last save wrote in its own transaction (MenuMemory then writes nothing).
    private (ChannelAddress Address, MenuState? Menu)? _loadedMenu;
    private ChannelAddress? _savedMenu;

    /// <summary>
    /// The web chat activities of the turn about to be saved (the visitor's and the replies), kept in
    /// the turn's own transaction when the prepared save writes it; set before each save.
    /// </summary>
    public WebChatTurnAppend? WebChatAppend { get; set; }

    /// <summary>
    /// The replies the prepared save keeps with the turn's inbound message (for a retry of it): none for a web
    /// chat turn whose activities it writes in the same transaction (<see cref="WebChatAppend"/>). Those replies
    /// are in the chat's history, committed with the message, and a retried post (the same client activity id)
    /// finds its activity there and is answered with its id, its replies sent to nobody; a second copy of every
    /// reply's JSON with each message was about 3-4 KB a chat message written and allocated for that. A turn
    /// EF saves keeps its replies as before: its chat is appended after its commit, and a retry after a crash
    /// between the two sends the stored replies, which appends them then.
    /// </summary>
    private IReadOnlyList<string> RepliesKeptWithTheMessage(ChannelAddress address, IReadOnlyList<string> renderedReplies) =>
        address.Channel == Channel.Web && WebChatAppend is not null ? [] : renderedReplies;

    /// <summary>True when the last load read the menu at <paramref name="address"/> in its own command.</summary>
    public bool TryGetLoadedMenu(ChannelAddress address, out MenuState? menu)
    {
        menu = _loadedMenu is { } loaded && loaded.Address == address ? loaded.Menu : null;
        return _loadedMenu is { } known && known.Address == address;
    }

    /// <summary>True when the last save wrote the menu at <paramref name="address"/> (or found it unchanged) in its own transaction.</summary>
    public bool SavedMenu(ChannelAddress address) => _savedMenu == address;

    /// <summary>
    /// The menu last offered at an address whose load did not read it (a call), by one prepared
    /// statement rather than through Bot Framework's storage.
    /// </summary>
    public async Task<MenuState?> ReadMenuAsync(ChannelAddress address, CancellationToken ct)
    {
        var menus = MenuItems.Statements.For(connections.Model);
        await using var connection = await connections.OpenAsync(lease, ct);
        await using var reader = await connection.ReaderAsync(menus.Select, [menus.KeyParameter(address)], ct);
        return await reader.ReadAsync(ct) ? MenuItems.Read(reader.GetString(0)) : null;
    }

    /// <summary>
    /// Writes (or, null, removes) the menu at an address whose save did not (a call, a turn saved by
    /// EF): one prepared statement in a transaction of its own, "write anyway" as before.
    /// </summary>
    public async Task WriteMenuAsync(ChannelAddress address, MenuState? menu, CancellationToken ct)
    {
        var write = MenuItems.Statements.For(connections.Model).Write(address, menu);
        // The gate first, then the writer's connection, as every save: a commit on another connection would drop
        // the writer's page cache, and the turns after it would read their pages from the file again.
        using var writing = await writeGate.EnterAsync(ct);
        await using var connection = await connections.OpenWriterAsync(lease, ct);
        await connection.WriteAllAsync([(write.Sql, write.Parameters, false)], ct);
    }

    private async Task<ConversationRecord> LoadWebVisitorAsync(ChannelAddress address, CancellationToken ct)
    {
        (_loadedMenu, _savedMenu) = (null, null);
        MenuState? menu = null;
        // The statements and a connection, and no EF context rented (as a text's load).
        var statements = TurnStatements.For(connections.Model);
        var web = WebVisitorStatements.For(connections.Model, statements);
        Person? person = null;
        Session? session = null;
        bool optedOut;
        (CatalogStamp, bool) catalog;
        // On the writer's connection when no one is writing (its page cache kept), as a text's load
        // (ConversationStore.Prepared.cs); else on a kept one, without waiting for the writer.
        using (var writing = writeGate.TryEnter())
        await using (var connection = await connections.OpenForReadAsync(writing, lease, ct))
        {
            // The person's phone (when they came by an invitation link) is not known before the read,
            // and its hash is worked out here, not in SQL: this first read asks only "opted out as
            // this person?" (the phone and its hash null), and the phone is asked after, below.
            await using (var reader = await connection.ReaderAsync(web.Load, web.Parameters(address, phone: null), ct))
            {
                // One row, whether or not anyone is at this web user id (WebVisitorStatements.Load).
                await reader.ReadAsync(ct);
                var at = web.Columns;
                if (!reader.IsDBNull(at.PersonId)) person = statements.People.Read(reader, new Person());
                if (person is not null && !reader.IsDBNull(at.SessionId)) session = statements.Sessions.Read(reader, new Session { SurveyId = "", StateJson = "" }, at.Session);
                optedOut = ReadFlag(reader, at.OptedOut);
                catalog = SurveyCatalogProvider.ReadStamp(reader, at.Stamp);
                if (!reader.IsDBNull(at.Menu)) menu = MenuItems.Read(reader.GetString(at.Menu));
                // Stepped to its end, so that the kept command's statement is done with its read.
                while (await reader.ReadAsync(ct)) { }
            }
            if (!optedOut && person?.Phone is { } phone)
            {
                // A STOP held for their phone, or (the person erased since) only for its hash.
                await using var reader = await connection.ReaderAsync(web.OptedOut, web.Parameters(address, phone), ct);
                await reader.ReadAsync(ct);
                optedOut = ReadFlag(reader);
            }
        }
        _loadedMenu = (address, menu);
        // Nobody at this web user id: a visitor new to the store, whom the prepared save may add with
        // their first survey's start, as it adds a phone a load by phone found nobody for (before,
        // every new visitor's first turn was saved by EF, and their chat kept in a second write).
        if (person is null) _loadedPhone = address;
        var record = Remember(address, person?.Phone, person, optedOut, session);
        return record with { Catalog = catalog, State = record.State with { Menu = menu } };
    }

    /// <summary>
    /// Called by the prepared save under the write gate: the web visitor's menu, when the turn changed
    /// it, and the chat's activities (<see cref="WebChatAppend"/>), as statements of the turn's own
    /// transaction (begun here when the activities need their numbers first).
    /// </summary>
    private async Task<IEnumerable<(string Sql, DbParameter[] Parameters, bool One)>> WebVisitorWritesAsync(
        TurnConnection connection, ChannelAddress address, TurnResult result, CancellationToken ct)
    {
        if (address.Channel != Channel.Web) return [];
        var writes = new List<(string Sql, DbParameter[] Parameters, bool One)>();
        if (TryGetLoadedMenu(address, out var loaded) && !SameMenu(loaded, result.State.Menu))
        {
            var (sql, parameters) = MenuItems.Statements.For(connections.Model).Write(address, result.State.Menu);
            writes.Add((sql, parameters, false));
        }
        if (WebChatAppend is { } chat)
        {
            foreach (var (sql, parameters) in await chat.StatementsAsync(connections.Model, connection, ct)) writes.Add((sql, parameters, false));
        }
        return writes;
    }

    /// <summary>Called by the prepared save once its transaction committed.</summary>
    private void WebVisitorSaved(ChannelAddress address)
    {
        if (address.Channel != Channel.Web) return;
        if (TryGetLoadedMenu(address, out _)) _savedMenu = address;
        WebChatAppend?.Committed();
        WebChatAppend = null;
    }

    private static bool SameMenu(MenuState? a, MenuState? b) =>
        a is null ? b is null : b is not null && a.Kind == b.Kind && a.Options.SequenceEqual(b.Options, StringComparer.Ordinal);

    private static bool ReadFlag(DbDataReader reader, int at = 0) =>
        Convert.ToInt64(reader.GetValue(at), System.Globalization.CultureInfo.InvariantCulture) != 0;

    /// <summary>The web visitor's statements, written once per model from the EF model (EntityColumns).</summary>
    private sealed class WebVisitorStatements
    {
        private static readonly ConditionalWeakTable<IModel, WebVisitorStatements> ByModel = new();

        private readonly TurnStatements _statements;

        private readonly MenuItems.Statements _menus;

        private WebVisitorStatements(TurnStatements statements, MenuItems.Statements menus)
        {
            _statements = statements;
            _menus = menus;
            var p = statements.People;
            var s = statements.Sessions;
            // The person by their unique web user id; their open session by the unique index of open
            // sessions (at most one a person: no ORDER BY needed to choose). No temporary B-tree on
            // SQLite (TurnStatements.LoadByPhone says why and why the index is named there).
            var person = $"(SELECT {p[nameof(Person.Id)]} FROM {p.Table} WHERE {p[nameof(Person.WebUserId)]} = @web)";
            var open = string.Join(", ", new[] { SessionStatus.Active, SessionStatus.AwaitingCarryOn }.Select(v => s.Literal(nameof(Session.Status), v)));
            OptedOut = OptOutRegister.AnyOpenForPhoneSql(statements.OptOuts, person);
            // One statement, one row (the one-row source left-joined to the person, as a text's
            // TurnStatements.LoadByPhone is one statement): five statements stepped one after another
            // were four more sqlite3_step calls, and four more result sets read, on every chat message.
            // Nobody at @web: the person's and session's columns are null, the opt-out asks only for
            // @phone and @hash (null here), the stamp and the menu are read all the same.
            Load = $"SELECT {p.SelectListOf("p")}, {s.SelectListOf("s")}, "
                + $"{OptOutRegister.AnyOpenForPhone(statements.OptOuts, "p." + p[nameof(Person.Id)])},\n{SurveyCatalogProvider.StampColumns},\n({menus.Select})\n"
                + $"FROM (SELECT 1 AS one) AS one LEFT JOIN {p.Table} AS p ON p.{p[nameof(Person.WebUserId)]} = @web "
                + $"LEFT JOIN {s.Table} AS s{statements.OpenSessionIndex} "
                + $"ON s.{s[nameof(Session.PersonId)]} = p.{p[nameof(Person.Id)]} AND s.{s[nameof(Session.Status)]} IN ({open}) "
                + "LIMIT 1";
            Columns = (p.Ordinal(nameof(Person.Id)), p.Count, p.Count + s.Ordinal(nameof(Session.Id)), p.Count + s.Count, p.Count + s.Count + 1, p.Count + s.Count + 1 + SurveyCatalogProvider.StampColumnCount);
        }

        public static WebVisitorStatements For(StoreDbContext db, TurnStatements statements) =>
            ByModel.GetValue(db.Model, _ => new WebVisitorStatements(statements, MenuItems.Statements.For(db)));

        /// <summary>
        /// One row for the visitor at <c>@web</c>: the person's columns, their open session's, "opted out?",
        /// the catalog stamp (with the pilot runs at <c>@address</c>) and the menu at <c>@menu</c> (<see cref="Columns"/>).
        /// </summary>
        public string Load { get; }

        /// <summary>Where <see cref="Load"/>'s columns are: the person's id, the session's first column and its id, the opt-out flag, the stamp's first, the menu.</summary>
        public (int PersonId, int Session, int SessionId, int OptedOut, int Stamp, int Menu) Columns { get; }

        /// <summary>1 when an open opt-out holds for <c>@phone</c>, its <c>@hash</c>, or the person at <c>@web</c>.</summary>
        public string OptedOut { get; }

        /// <summary>Not checked as stored values: a read of a value the store cannot hold finds nothing.</summary>
        public DbParameter[] Parameters(ChannelAddress address, string? phone)
        {
            var webUserId = address.Id;
            DbParameter[] optOut =
            [
                _statements.People.Value(nameof(Person.WebUserId), "@web", webUserId, check: false),
                _statements.OptOuts.Value(nameof(OptOut.Phone), "@phone", phone, check: false),
                _statements.OptOuts.Value(nameof(OptOut.PhoneHash), "@hash", phone is null ? null : OptOutRegister.HashPhone(phone), check: false),
            ];
            // The pilot runs at @address and the menu are asked only by the load (phone null), not by the phone's own question.
            return phone is not null ? optOut :
            [
                .. optOut,
                _statements.PilotRuns.Value(nameof(PilotRun.Address), "@address", webUserId, check: false),
                _menus.KeyParameter(address),
            ];
        }
    }
}
