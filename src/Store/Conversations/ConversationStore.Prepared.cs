using System.Data.Common;
using CoProduction.Store.Catalog;
using CoProduction.Store.Setup;
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
        var statements = TurnStatements.For(connections.Model);
        var phone = address.Phone!;
        Person? person = null;
        Session? session = null;
        bool optedOut;
        (CatalogStamp, bool) catalog;
        // On the writer's connection when no one is writing (its statements prepared, its page cache
        // kept: TurnConnections.OpenWriterAsync); else on a kept one, without waiting for the writer.
        // Every statement below runs synchronously on SQLite, so the gate is held only for their time.
        using (var writing = writeGate.TryEnter())
        await using (var connection = await connections.OpenForReadAsync(writing, lease, ct))
        {
            // Not checked as stored values: a read of a value the store cannot hold finds nothing.
            DbParameter[] parameters =
            [
                statements.People.Value(nameof(Person.Phone), "@phone", phone, check: false),
                statements.OptOuts.Value(nameof(OptOut.PhoneHash), "@hash", OptOutRegister.HashPhone(phone), check: false),
                statements.PilotRuns.Value(nameof(PilotRun.Address), "@address", address.Id, check: false),
            ];
            var found = false;
            (optedOut, catalog) = (false, default);
            await using (var reader = await connection.ReaderAsync(statements.LoadByPhone, parameters, ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    found = true;
                    var at = statements.LoadByPhoneColumns;
                    person = statements.People.Read(reader, new Person());
                    if (!reader.IsDBNull(at.SessionId)) session = statements.Sessions.Read(reader, new Session { SurveyId = "", StateJson = "" }, at.Session);
                    optedOut = ReadFlag(reader, at.OptedOut);
                    catalog = SurveyCatalogProvider.ReadStamp(reader, at.Stamp);
                }
                // Stepped to its end, so that the kept command's statement is done with its read.
                while (await reader.ReadAsync(ct)) { }
            }
            if (!found)
            {
                // Nobody at this phone (their first text, or erased): a STOP kept for the phone still holds.
                await using var reader = await connection.ReaderAsync(statements.LoadNobodyByPhone, parameters, ct);
                await reader.ReadAsync(ct);
                optedOut = ReadFlag(reader, 0);
                catalog = SurveyCatalogProvider.ReadStamp(reader, 1);
                while (await reader.ReadAsync(ct)) { }
            }
        }
        var record = Remember(address, phone, person, optedOut, session, catalog);
        _loadedPhone = address;
        return record;
    }

    /// <summary>
    /// True when every write of the turn is one the prepared statements make: an answer to the open
    /// survey, or a survey started (by its keyword) by someone with none open, a person we have not
    /// met yet included. An invitation's progress, an interview, a pilot, STOP and START go by EF.
    /// </summary>
    private bool IsPlainTurn(ChannelAddress address, TurnResult result)
    {
        if (address.Channel == Channel.Interview) return false;
        var session = _loadedSession;
        var started = StartedHere(result);
        // Someone the load found at this address; or, for a survey's start, someone a load by phone
        // found nobody for (then the save adds them).
        var known = _loadedPerson is { } loaded && loaded.Address == address;
        // A new web visitor's greeting (a menu, nothing started) too: ConversationStore.WebVisitor.cs.
        if (!known && (_loadedPhone != address || (started is null && address.Channel != Channel.Web))) return false;
        if (started is not null && session is not null) return false;
        var open = started?.SessionId ?? session?.Id;
        if (result.State.Session is { } state && state.Id != open) return false;
        // An invitation's progress and an interview's end are written by EF (ConversationStore.Events.cs).
        var plainSession = started is not null || (session is { InvitationId: null } && session.Channel != Channel.Interview);
        foreach (var e in result.Events)
        {
            var plain = e switch
            {
                SessionStarted => ReferenceEquals(e, started),
                AnswerRecorded answer => plainSession && answer.SessionId == open,
                SessionCompleted completed => plainSession && completed.SessionId == open,
                LanguageChanged => true,
                _ => false,
            };
            if (!plain) return false;
        }
        return true;
    }

    /// <summary>The one survey this turn started, when it is a plain start (no invitation, no pilot).</summary>
    private static SessionStarted? StartedHere(TurnResult result)
    {
        SessionStarted? found = null;
        foreach (var e in result.Events)
        {
            if (e is not SessionStarted started) continue;
            if (found is not null || started.InvitationId is not null || started.Pilot) return null;
            found = started;
        }
        return found;
    }

    /// <summary>
    /// Set by a caller that awaits <see cref="Committed"/> itself before the turn's replies go (a
    /// webhook's turn, whose replies are written only once the turn is over): then a saved turn of a
    /// SQLite batch still open returns <see cref="SaveOutcome.Saved"/> at once, and the awaits between
    /// the save and that caller complete without boxing (each turn of a batch but its last waits for
    /// the commit). Unset, or on PostgreSQL, every save returns only once its rows are committed.
    /// </summary>
    public bool CommitAwaitedAbove { get; set; }

    /// <summary>
    /// The commit of the last save's batch, when that save left it to the caller
    /// (<see cref="CommitAwaitedAbove"/>): faulted with the commit's failure, which fails the turn.
    /// Completed otherwise.
    /// </summary>
    public Task Committed { get; private set; } = Task.CompletedTask;

    private async Task<SaveOutcome> SavePlainTurnAsync(
        ChannelAddress address, string? inboundMessageId, TurnResult result, IReadOnlyList<string> renderedReplies, CancellationToken ct)
    {
        var statements = TurnStatements.For(connections.Model);
        var loadedPerson = _loadedPerson?.Person;
        var loadedSession = _loadedSession;
        // Whatever happens below, a later save reads the rows again (as after EF's rollback).
        ForgetLoadedRows();
        var now = time.GetUtcNow();

        // Every statement and value first, before the write gate: a value the store cannot hold is
        // refused before the transaction, and the gate is held only for the writes themselves.
        var writes = new List<(string Sql, DbParameter[] Parameters, bool One)>(6);
        if (inboundMessageId is not null)
        {
            var (claim, values) = InboundClaim.Statement(connections.Model, inboundMessageId, address.Channel, renderedReplies, now);
            writes.Add((claim, values, true));
        }
        var language = result.State.Language ?? LastLanguageChosen(result) ?? loadedPerson?.Language;
        var person = loadedPerson ?? NewPerson(address, now);
        var personUpdated = SetPreferences(person, language, result.State.EasyRead, now);
        if (loadedPerson is null) writes.Add((statements.People.Insert, statements.People.InsertParameters(person), false));

        var state = result.State.Session;
        var completed = state is null ? null
            : result.Events.Any(e => e is SessionCompleted) ? now
            : state.Status == SessionStatus.Completed && loadedSession?.CompletedAt is null ? now
            : (DateTimeOffset?)null;
        if (StartedHere(result) is { } started)
        {
            // The row EF adds for a start, with the turn's final state written in the same statement.
            var row = NewSession(started, person.Id, address.Channel, now);
            if (state is not null)
            {
                (row.StateJson, row.Status, row.LastActivityAt, row.CompletedAt) = (StateJson.Serialize(state), state.Status, state.LastActivityAt, completed);
            }
            writes.Add((statements.Sessions.Insert, statements.Sessions.InsertParameters(row), false));
        }
        foreach (var e in result.Events)
        {
            if (e is AnswerRecorded answer) writes.Add((statements.InsertAnswer, statements.AnswerParameters(answer, person.Id, address.Channel, now), false));
        }
        var revision = -1;
        if (state is not null && loadedSession is not null)
        {
            revision = _loadedRevisions[state.Id];
            var (update, values) = statements.SessionUpdate(state, revision, completed, statusChanged: state.Id != loadedSession.Id || state.Status != _loadedStatus);
            writes.Add((update, values, true));
        }
        if (loadedPerson is not null && personUpdated)
        {
            var (update, values) = statements.PersonUpdate(person);
            writes.Add((update, values, true));
        }

        // The gate first, then a connection: a turn waiting at the gate holds no connection, so
        // turns one after another share one (more connections than the kept ones were opened and
        // closed again at 32 phones and more, each preparing its statements again). On SQLite the
        // turn's writes may share one commit with the turns around it (StoreWriteGate.EnterTurnAsync):
        // whatever the outcome, it returns only once that commit is done, so a duplicate's replies and
        // a conflict's fresh load find the batch's rows committed.
        var writing = await writeGate.EnterTurnAsync(ct);
        SaveOutcome outcome;
        try
        {
            await using var connection = await connections.OpenWriterAsync(lease, ct);
            await writing.BeginAsync(connection, ct);
            outcome = await WritePlainTurnAsync(connection, address, result, inboundMessageId, writes, ct);
        }
        catch
        {
            await writing.EndAsync(wait: false);
            throw;
        }
        // The connection given back first: the next writer takes it, with the batch's transaction.
        var committed = await writing.LeaveAsync();
        // A saved turn whose batch is still open leaves the wait for its commit to the caller that asked
        // to take it (CommitAwaitedAbove); every other outcome waits here, so a duplicate's replies and a
        // conflict's fresh load find the batch's rows committed. A failed commit throws, here or there.
        if (outcome == SaveOutcome.Saved && CommitAwaitedAbove && !committed.IsCompleted) Committed = committed;
        else await committed;
        if (outcome != SaveOutcome.Saved) return outcome;
        if (revision >= 0) (_loadedRevisions[state!.Id], _loadedStatus) = (revision + 1, state.Status);
        WebVisitorSaved(address);
        return SaveOutcome.Saved;
    }

    private async Task<SaveOutcome> WritePlainTurnAsync(
        TurnConnection connection, ChannelAddress address, TurnResult result, string? inboundMessageId,
        List<(string Sql, DbParameter[] Parameters, bool One)> writes, CancellationToken ct)
    {
        try
        {
            // No row changed: the claim's means a message seen before (it decides first, so a retry is
            // a duplicate even when its other writes would conflict); the session's, another turn
            // saved it after this one's load; the person's, they are gone.
            // A web visitor's menu and chat history join the same transaction (ConversationStore.WebVisitor.cs).
            writes.AddRange(await WebVisitorWritesAsync(connection, address, result, ct));
            var refused = await connection.WriteAllAsync(writes, ct);
            if (refused == 0 && inboundMessageId is not null) return SaveOutcome.Duplicate;
            if (refused is not null) return SaveOutcome.Conflict;
            return SaveOutcome.Saved;
        }
        catch (DbException e) when (StoreFailures.IsUniqueViolation(e))
        {
            // Another turn added this person or opened a survey for them first: run again.
            await connection.RollbackAsync();
            return SaveOutcome.Conflict;
        }
    }

    private static string? LastLanguageChosen(TurnResult result)
    {
        string? language = null;
        foreach (var e in result.Events)
        {
            if (e is LanguageChanged changed) language = changed.Language;
        }
        return language;
    }

}
