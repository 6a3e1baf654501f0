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
        // The gate first, then a connection, as every save.
        using var writing = await writeGate.EnterAsync(ct);
        await using var connection = await connections.OpenAsync(lease, ct);
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
                if (await reader.ReadAsync(ct)) person = statements.People.Read(reader, new Person());
                await reader.NextResultAsync(ct);
                await reader.ReadAsync(ct);
                optedOut = ReadFlag(reader);
                await reader.NextResultAsync(ct);
                if (person is not null && await reader.ReadAsync(ct)) session = statements.Sessions.Read(reader, new Session { SurveyId = "", StateJson = "" });
                await reader.NextResultAsync(ct);
                await reader.ReadAsync(ct);
                catalog = SurveyCatalogProvider.ReadStamp(reader);
                await reader.NextResultAsync(ct);
                if (await reader.ReadAsync(ct)) menu = MenuItems.Read(reader.GetString(0));
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
            Load = string.Join(";\n",
                $"SELECT {p.SelectList} FROM {p.Table} WHERE {p[nameof(Person.WebUserId)]} = @web LIMIT 1",
                OptedOut,
                $"SELECT {s.SelectListOf("s")} FROM {p.Table} AS p JOIN {s.Table} AS s{statements.OpenSessionIndex} "
                    + $"ON s.{s[nameof(Session.PersonId)]} = p.{p[nameof(Person.Id)]} AND s.{s[nameof(Session.Status)]} IN ({open}) "
                    + $"WHERE p.{p[nameof(Person.WebUserId)]} = @web LIMIT 1",
                SurveyCatalogProvider.StampSql,
                menus.Select);
        }

        public static WebVisitorStatements For(StoreDbContext db, TurnStatements statements) =>
            ByModel.GetValue(db.Model, _ => new WebVisitorStatements(statements, MenuItems.Statements.For(db)));

        /// <summary>Five result sets for the visitor at <c>@web</c>: TurnStatements.LoadByPhone's four for a phone, then the menu at <c>@menu</c>.</summary>
        public string Load { get; }

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
