using System.Data.Common;
using CoProduction.Store.Catalog;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Conversations;

/// <summary>
/// The common turn off EF's general pipeline: the load by phone as one command, and the save of a
/// turn that answers (the claim, the answer rows, the session guarded by its revision, the person)
/// as prepared statements, on PostgreSQL in one round trip before the commit. Every other turn (a
/// new person, a survey starting or ending, STOP, START, an invitation's progress, an interview,
/// a pilot's flag) is saved by EF as before (ConversationStore.SaveTurn.cs). The rules are the
/// same: one transaction, the claim decides a duplicate, no row at the loaded revision is a
/// conflict, and every string is checked as the stored-value guard checks a SaveChanges.
/// </summary>
public sealed partial class ConversationStore
{
    private async Task<ConversationRecord> LoadByPhoneAsync(ChannelAddress address, CancellationToken ct)
    {
        var statements = TurnStatements.For(db);
        var phone = address.Phone!;
        Person? person = null;
        Session? session = null;
        bool optedOut;
        (CatalogStamp, bool) catalog;
        await using (var connection = await connections.OpenAsync(db, ct))
        {
            // Not checked as stored values: a read of a value the store cannot hold finds nothing.
            DbParameter[] parameters =
            [
                statements.People.Parameter(connection.Scratch, nameof(Person.Phone), "@phone", phone, check: false),
                statements.OptOuts.Parameter(connection.Scratch, nameof(OptOut.PhoneHash), "@hash", OptOutRegister.HashPhone(phone), check: false),
                statements.PilotRuns.Parameter(connection.Scratch, nameof(PilotRun.Address), "@address", address.Id, check: false),
            ];
            await using var reader = await connection.ReaderAsync(statements.LoadByPhone, parameters, ct);
            if (await reader.ReadAsync(ct)) person = statements.People.Read(reader, new Person());
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            optedOut = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) != 0;
            await reader.NextResultAsync(ct);
            if (person is not null && await reader.ReadAsync(ct)) session = statements.Sessions.Read(reader, new Session { SurveyId = "", StateJson = "" });
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            catalog = SurveyCatalogProvider.ReadStamp(reader);
        }
        return Remember(address, phone, person, optedOut, session) with { Catalog = catalog };
    }

    /// <summary>True when every write of the turn is one the prepared statements make.</summary>
    private bool IsPlainTurn(ChannelAddress address, TurnResult result)
    {
        if (address.Channel == Channel.Interview || _loadedPerson is not { } loaded || loaded.Address != address) return false;
        var session = _loadedSession;
        if (result.State.Session is { } state && (session is null || state.Id != session.Id)) return false;
        // An invitation's progress and an interview's end are written by EF (ConversationStore.Events.cs).
        var plainSession = session is { InvitationId: null } && session.Channel != Channel.Interview;
        foreach (var e in result.Events)
        {
            var plain = e switch
            {
                AnswerRecorded answer => plainSession && answer.SessionId == session!.Id,
                SessionCompleted completed => plainSession && completed.SessionId == session!.Id,
                LanguageChanged => true,
                _ => false,
            };
            if (!plain) return false;
        }
        return true;
    }

    private async Task<SaveOutcome> SavePlainTurnAsync(
        ChannelAddress address, string? inboundMessageId, TurnResult result, IReadOnlyList<string> renderedReplies, DateTimeOffset now, CancellationToken ct)
    {
        var statements = TurnStatements.For(db);
        var person = _loadedPerson!.Value.Person;
        var loadedSession = _loadedSession;
        // Whatever happens below, a later save reads the rows again (as after EF's rollback).
        ForgetLoadedRows();
        await using var connection = await connections.OpenAsync(db, ct);
        var scratch = connection.Scratch;

        // Every statement and value first: a value the store cannot hold is refused before the transaction.
        var writes = new List<(string Sql, DbParameter[] Parameters)>();
        if (inboundMessageId is not null) writes.Add(InboundClaim.Statement(db, scratch, inboundMessageId, address.Channel, renderedReplies, now));
        foreach (var answer in result.Events.OfType<AnswerRecorded>())
        {
            object?[] values = [answer.SessionId, person.Id, answer.SurveyId, answer.Version, answer.QuestionId, answer.Raw, answer.Value, answer.Status, address.Channel, now];
            writes.Add((statements.InsertAnswer, TurnStatements.AnswerColumns
                .Select((column, i) => statements.Answers.Parameter(scratch, column, "@" + column, values[i])).ToArray()));
        }
        var sessionAt = -1;
        var revision = 0;
        if (result.State.Session is { } state)
        {
            sessionAt = writes.Count;
            revision = _loadedRevisions[state.Id];
            var completed = result.Events.Any(e => e is SessionCompleted) ? now
                : state.Status == SessionStatus.Completed && loadedSession!.CompletedAt is null ? now
                : (DateTimeOffset?)null;
            var s = statements.Sessions;
            var parameters = new List<DbParameter>
            {
                s.Parameter(scratch, nameof(Session.StateJson), "@state", StateJson.Serialize(state)),
                s.Parameter(scratch, nameof(Session.Status), "@status", state.Status),
                s.Parameter(scratch, nameof(Session.LastActivityAt), "@lastActivity", state.LastActivityAt),
                s.Parameter(scratch, nameof(Session.Revision), "@revision", revision + 1),
                s.Parameter(scratch, nameof(Session.Id), "@id", state.Id),
                s.Parameter(scratch, nameof(Session.Revision), "@loaded", revision),
            };
            if (completed is not null) parameters.Add(s.Parameter(scratch, nameof(Session.CompletedAt), "@completed", completed));
            writes.Add((completed is null ? statements.UpdateSession : statements.UpdateSessionCompleted, parameters.ToArray()));
        }
        var language = result.State.Language ?? result.Events.OfType<LanguageChanged>().LastOrDefault()?.Language ?? person.Language;
        var p = statements.People;
        writes.Add((statements.UpdatePerson,
        [
            p.Parameter(scratch, nameof(Person.Language), "@language", language),
            p.Parameter(scratch, nameof(Person.EasyRead), "@easyRead", result.State.EasyRead),
            p.Parameter(scratch, nameof(Person.UpdatedAt), "@updated", now),
            p.Parameter(scratch, nameof(Person.Id), "@id", person.Id),
        ]));

        await connection.BeginAsync(ct);
        try
        {
            var changed = await connection.WriteAsync(writes, ct);
            // The claim decides first: a retry is a duplicate even when its other writes would conflict.
            if (inboundMessageId is not null && changed[0] != 1) return SaveOutcome.Duplicate;
            // A session at another revision (a parallel turn saved first) or a person gone meanwhile.
            if ((sessionAt >= 0 && changed[sessionAt] != 1) || changed[^1] != 1) return SaveOutcome.Conflict;
            await connection.CommitAsync(ct);
        }
        catch (DbException e) when (StoreFailures.IsUniqueViolation(e))
        {
            return SaveOutcome.Conflict;
        }
        // Whatever did not commit is rolled back when the connection is given back (await using).
        if (sessionAt >= 0) _loadedRevisions[result.State.Session!.Id] = revision + 1;
        return SaveOutcome.Saved;
    }
}
