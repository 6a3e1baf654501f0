using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.Catalog;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoProduction.Store.Conversations;

/// <summary>
/// A web chat visitor's load as one command, as a text's is (ConversationStore.Prepared.cs): the
/// person by their web user id, "opted out?", their open session and the catalog stamp. The
/// answering turn that follows is saved by the same prepared statements as a text's
/// (SavePlainTurnAsync: it is keyed on the person the load read, not on a phone).
/// </summary>
public sealed partial class ConversationStore
{
    private async Task<ConversationRecord> LoadWebVisitorAsync(ChannelAddress address, CancellationToken ct)
    {
        var statements = TurnStatements.For(db);
        var web = WebVisitorStatements.For(db, statements);
        Person? person = null;
        Session? session = null;
        bool optedOut;
        (CatalogStamp, bool) catalog;
        await using (var connection = await connections.OpenAsync(db, ct))
        {
            // The person's phone (when they came by an invitation link) is not known before the read,
            // and its hash is worked out here, not in SQL: this first read asks only "opted out as
            // this person?" (the phone and its hash null), and the phone is asked after, below.
            await using (var reader = await connection.ReaderAsync(web.Load, web.Parameters(connection.Scratch, address.Id, phone: null), ct))
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
            }
            if (!optedOut && person?.Phone is { } phone)
            {
                // A STOP held for their phone, or (the person erased since) only for its hash.
                await using var reader = await connection.ReaderAsync(web.OptedOut, web.Parameters(connection.Scratch, address.Id, phone), ct);
                await reader.ReadAsync(ct);
                optedOut = ReadFlag(reader);
            }
        }
        return Remember(address, person?.Phone, person, optedOut, session) with { Catalog = catalog };
    }

    private static bool ReadFlag(DbDataReader reader) =>
        Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) != 0;

    /// <summary>The web visitor's statements, written once per model from the EF model (EntityColumns).</summary>
    private sealed class WebVisitorStatements
    {
        private static readonly ConditionalWeakTable<IModel, WebVisitorStatements> ByModel = new();

        private readonly TurnStatements _statements;

        private WebVisitorStatements(TurnStatements statements)
        {
            _statements = statements;
            var p = statements.People;
            var s = statements.Sessions;
            var personIds = $"SELECT {p[nameof(Person.Id)]} FROM {p.Table} WHERE {p[nameof(Person.WebUserId)]} = @web";
            var open = string.Join(", ", new[] { SessionStatus.Active, SessionStatus.AwaitingCarryOn }.Select(v => s.Literal(nameof(Session.Status), v)));
            OptedOut = OptOutRegister.AnyOpenForPhoneSql(statements.OptOuts, personIds);
            Load = string.Join(";\n",
                $"SELECT {p.SelectList} FROM {p.Table} WHERE {p[nameof(Person.WebUserId)]} = @web LIMIT 1",
                OptedOut,
                $"SELECT {s.SelectList} FROM {s.Table} WHERE {s[nameof(Session.PersonId)]} IN ({personIds}) "
                    + $"AND {s[nameof(Session.Status)]} IN ({open}) ORDER BY {s[nameof(Session.LastActivityAt)]} DESC LIMIT 1",
                SurveyCatalogProvider.StampSql);
        }

        public static WebVisitorStatements For(StoreDbContext db, TurnStatements statements) =>
            ByModel.GetValue(db.Model, _ => new WebVisitorStatements(statements));

        /// <summary>Four result sets for the visitor at <c>@web</c>, as TurnStatements.LoadByPhone's for a phone.</summary>
        public string Load { get; }

        /// <summary>1 when an open opt-out holds for <c>@phone</c>, its <c>@hash</c>, or the person at <c>@web</c>.</summary>
        public string OptedOut { get; }

        /// <summary>Not checked as stored values: a read of a value the store cannot hold finds nothing.</summary>
        public DbParameter[] Parameters(DbCommand scratch, string webUserId, string? phone)
        {
            DbParameter[] optOut =
            [
                _statements.People.Parameter(scratch, nameof(Person.WebUserId), "@web", webUserId, check: false),
                _statements.OptOuts.Parameter(scratch, nameof(OptOut.Phone), "@phone", phone, check: false),
                _statements.OptOuts.Parameter(scratch, nameof(OptOut.PhoneHash), "@hash", phone is null ? null : OptOutRegister.HashPhone(phone), check: false),
            ];
            // The pilot runs at @address are asked only by the load (phone null), not by the phone's own question.
            return phone is not null ? optOut : [.. optOut, _statements.PilotRuns.Parameter(scratch, nameof(PilotRun.Address), "@address", webUserId, check: false)];
        }
    }
}
