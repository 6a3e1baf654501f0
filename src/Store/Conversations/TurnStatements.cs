using System.Data.Common;
using System.Runtime.CompilerServices;
using CoProduction.Store.Catalog;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoProduction.Store.Conversations;

/// <summary>
/// The statements of the common turn, written by hand from the EF model (names and conversions
/// from <see cref="EntityColumns"/>) and built once per model: the turn's one read by phone, and
/// the writes of a turn that answers a question (ConversationStore.Prepared.cs). They replace
/// EF's query and SaveChanges pipelines there, which a profile of the turn benchmark put at about
/// a third of a turn's CPU; they store exactly what EF stored.
/// </summary>
internal sealed class TurnStatements
{
    private static readonly ConditionalWeakTable<IModel, TurnStatements> ByModel = new();

    // The factory that closes over the context is in its own method: its closure was an allocation on every turn.
    public static TurnStatements For(StoreDbContext db) => ByModel.TryGetValue(db.Model, out var built) ? built : Build(db);

    private static TurnStatements Build(StoreDbContext db) => ByModel.GetValue(db.Model, _ => new TurnStatements(db));

    public EntityColumns People { get; }
    public EntityColumns Sessions { get; }
    public EntityColumns Answers { get; }
    public EntityColumns OptOuts { get; }
    public EntityColumns PilotRuns { get; }

    /// <summary>
    /// One row for the person at <c>@phone</c>, none when there is nobody there: the person's columns
    /// (<see cref="People"/>), their open session's (<see cref="Sessions"/>, all null when none is open;
    /// at most one, by the unique index of open sessions), 1 when they are opted out (by <c>@phone</c>,
    /// its <c>@hash</c>, or their person id), and the catalog stamp with the pilot runs at <c>@address</c>.
    /// One statement: it was four (a result set each), and each statement of a command is bound
    /// (every parameter looked up by name), stepped and read on its own.
    /// </summary>
    public string LoadByPhone { get; }

    /// <summary>
    /// When <see cref="LoadByPhone"/> found nobody: one row, 1 when <c>@phone</c> or its <c>@hash</c>
    /// is opted out (a STOP kept after its person was erased), and the catalog stamp with the pilot
    /// runs at <c>@address</c>.
    /// </summary>
    public string LoadNobodyByPhone { get; }

    /// <summary>
    /// On SQLite, " INDEXED BY" the unique index of open sessions, to follow <c>Sessions AS s</c> in a
    /// statement that finds a person's open session; on PostgreSQL nothing (it has no such clause).
    /// </summary>
    public string OpenSessionIndex { get; }

    /// <summary>Where <see cref="LoadByPhone"/>'s columns start: the session's, the opt-out flag, the stamp.</summary>
    public (int Session, int SessionId, int OptedOut, int Stamp) LoadByPhoneColumns { get; }

    /// <summary>An answer row (every column but the generated id).</summary>
    public string InsertAnswer { get; }

    /// <summary>What a turn changes in its session, only when the session is still at the revision
    /// the turn loaded (<c>@loaded</c>): no row changed means another turn saved first.</summary>
    public string UpdateSession { get; }

    /// <summary>As <see cref="UpdateSession"/>, also setting when it was completed.</summary>
    public string UpdateSessionCompleted { get; }

    /// <summary>
    /// As <see cref="UpdateSession"/> when the turn left the status as it was loaded: the status is not
    /// set, since setting it (to any value, the same included) rewrites its three indexes' pages too.
    /// </summary>
    public string UpdateSessionKeepingStatus { get; }

    /// <summary>What a turn changes in the person: language, easy read, when updated.</summary>
    public string UpdatePerson { get; }

    /// <summary>The columns an answer row is written with, in <see cref="InsertAnswer"/>'s order.</summary>
    public static readonly string[] AnswerColumns =
    [
        nameof(Answer.SessionId), nameof(Answer.PersonId), nameof(Answer.SurveyId), nameof(Answer.Version), nameof(Answer.QuestionId),
        nameof(Answer.Raw), nameof(Answer.Value), nameof(Answer.Status), nameof(Answer.Channel), nameof(Answer.At),
    ];

    /// <summary>An answer's row as <see cref="InsertAnswer"/> takes it.</summary>
    public DbParameter[] AnswerParameters(AnswerRecorded answer, Guid personId, Channel channel, DateTimeOffset now)
    {
        object?[] values = [answer.SessionId, personId, answer.SurveyId, answer.Version, answer.QuestionId, answer.Raw, answer.Value, answer.Status, channel, now];
        var parameters = new DbParameter[values.Length];
        for (var i = 0; i < values.Length; i++) parameters[i] = Answers.Value(AnswerColumns[i], AnswerNames[i], values[i]);
        return parameters;
    }

    /// <summary>The session's update to the turn's <paramref name="state"/>, guarded by the revision the turn loaded.</summary>
    public (string Sql, DbParameter[] Parameters) SessionUpdate(SessionState state, int loaded, DateTimeOffset? completed, bool statusChanged = true)
    {
        var s = Sessions;
        if (completed is null && !statusChanged)
        {
            return (UpdateSessionKeepingStatus,
            [
                s.Value(nameof(Session.StateJson), "@state", StateJson.Serialize(state)),
                s.Value(nameof(Session.LastActivityAt), "@lastActivity", state.LastActivityAt),
                s.Value(nameof(Session.Revision), "@revision", loaded + 1),
                s.Value(nameof(Session.Id), "@id", state.Id),
                s.Value(nameof(Session.Revision), "@loaded", loaded),
            ]);
        }
        var parameters = new DbParameter[completed is null ? 6 : 7];
        parameters[0] = s.Value(nameof(Session.StateJson), "@state", StateJson.Serialize(state));
        parameters[1] = s.Value(nameof(Session.Status), "@status", state.Status);
        parameters[2] = s.Value(nameof(Session.LastActivityAt), "@lastActivity", state.LastActivityAt);
        parameters[3] = s.Value(nameof(Session.Revision), "@revision", loaded + 1);
        parameters[4] = s.Value(nameof(Session.Id), "@id", state.Id);
        parameters[5] = s.Value(nameof(Session.Revision), "@loaded", loaded);
        if (completed is not null) parameters[6] = s.Value(nameof(Session.CompletedAt), "@completed", completed);
        return (completed is null ? UpdateSession : UpdateSessionCompleted, parameters);
    }

    /// <summary>The person's language, easy read and when updated, as <paramref name="person"/> holds them.</summary>
    public (string Sql, DbParameter[] Parameters) PersonUpdate(Person person) => (UpdatePerson,
    [
        People.Value(nameof(Person.Language), "@language", person.Language),
        People.Value(nameof(Person.EasyRead), "@easyRead", person.EasyRead),
        People.Value(nameof(Person.UpdatedAt), "@updated", person.UpdatedAt),
        People.Value(nameof(Person.Id), "@id", person.Id),
    ]);

    private static readonly string[] AnswerNames = AnswerColumns.Select(c => "@" + c).ToArray();

    private TurnStatements(StoreDbContext db)
    {
        People = EntityColumns.For<Person>(db);
        Sessions = EntityColumns.For<Session>(db);
        Answers = EntityColumns.For<Answer>(db);
        OptOuts = EntityColumns.For<OptOut>(db);
        PilotRuns = EntityColumns.For<PilotRun>(db);

        var p = People;
        var s = Sessions;
        var personByPhone = $"(SELECT {p[nameof(Person.Id)]} FROM {p.Table} WHERE {p[nameof(Person.Phone)]} = @phone)";
        var open = string.Join(", ", new[] { SessionStatus.Active, SessionStatus.AwaitingCarryOn }.Select(v => s.Literal(nameof(Session.Status), v)));
        // The person by their phone's unique index, their open session by the unique index of open
        // sessions (SafetyGuardsModel: at most one a person, so no ORDER BY is needed to choose); the
        // opt-out and the stamp are subqueries of the one row. No part of it needs a temporary B-tree
        // on SQLite: each one (the ORDER BY's, the IN list's as an index key, an IN of one value) was a
        // pager and a page cache made and torn down on every turn (pcache1TruncateUnsafe in the profile).
        // SQLite's planner, with no statistics, chose the (PersonId, Status) index and an IN list
        // for it: told which index on SQLite (PostgreSQL has no INDEXED BY, and plans for itself).
        OpenSessionIndex = db.Database.IsSqlite() ? $" INDEXED BY \"{SafetyGuardsModel.OneOpenSessionPerPerson}\"" : "";
        LoadByPhone = $"SELECT {p.SelectListOf("p")}, {s.SelectListOf("s")}, "
            + $"{OptOutRegister.AnyOpenForPhone(OptOuts, "p." + p[nameof(Person.Id)])},\n{SurveyCatalogProvider.StampColumns}\n"
            + $"FROM {p.Table} AS p LEFT JOIN {s.Table} AS s{OpenSessionIndex} ON s.{s[nameof(Session.PersonId)]} = p.{p[nameof(Person.Id)]} "
            + $"AND s.{s[nameof(Session.Status)]} IN ({open}) "
            + $"WHERE p.{p[nameof(Person.Phone)]} = @phone LIMIT 1";
        LoadNobodyByPhone = $"SELECT {OptOutRegister.AnyOpenForPhone(OptOuts, personByPhone)},\n{SurveyCatalogProvider.StampColumns}";
        LoadByPhoneColumns = (p.Count, p.Count + s.Ordinal(nameof(Session.Id)), p.Count + s.Count, p.Count + s.Count + 1);

        var a = Answers;
        InsertAnswer = $"INSERT INTO {a.Table} ({string.Join(", ", AnswerColumns.Select(c => a[c]))}) "
            + $"VALUES ({string.Join(", ", AnswerColumns.Select(c => "@" + c))})";

        var sessionSet = $"UPDATE {s.Table} SET {s[nameof(Session.StateJson)]} = @state, {s[nameof(Session.Status)]} = @status, "
            + $"{s[nameof(Session.LastActivityAt)]} = @lastActivity, {s[nameof(Session.Revision)]} = @revision";
        var sessionWhere = $" WHERE {s[nameof(Session.Id)]} = @id AND {s[nameof(Session.Revision)]} = @loaded";
        UpdateSession = sessionSet + sessionWhere;
        UpdateSessionCompleted = sessionSet + $", {s[nameof(Session.CompletedAt)]} = @completed" + sessionWhere;
        UpdateSessionKeepingStatus = $"UPDATE {s.Table} SET {s[nameof(Session.StateJson)]} = @state, "
            + $"{s[nameof(Session.LastActivityAt)]} = @lastActivity, {s[nameof(Session.Revision)]} = @revision" + sessionWhere;

        UpdatePerson = $"UPDATE {p.Table} SET {p[nameof(Person.Language)]} = @language, {p[nameof(Person.EasyRead)]} = @easyRead, "
            + $"{p[nameof(Person.UpdatedAt)]} = @updated WHERE {p[nameof(Person.Id)]} = @id";
    }
}
