using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Conversations;

/// <summary>Saving a turn: one transaction, refused as a duplicate or a conflict rather than overwriting.</summary>
public sealed partial class ConversationStore
{
    /// <summary>
    /// Records one turn, all or nothing: the inbound message id, the person, every event, the
    /// session state and the person's preferences. The reply must be sent only after this returns
    /// <see cref="SaveOutcome.Saved"/>, so that nothing the person said is lost.
    /// </summary>
    /// <param name="inboundMessageId">The channel's message id (Twilio MessageSid); null for a turn we started.</param>
    /// <param name="ourNumber">Our number the message came to, recorded with an opt-out.</param>
    public async Task<SaveOutcome> SaveTurnAsync(
        ChannelAddress address,
        string? inboundMessageId,
        string? ourNumber,
        TurnResult result,
        IReadOnlyList<string> renderedReplies,
        CancellationToken ct)
    {
        Committed = Task.CompletedTask;
        // The common turns (an answer, a survey's start) by prepared statements; the rest by EF below.
        // A web chat turn whose activities go in the same write keeps its replies there, not a second copy with its message.
        if (IsPlainTurn(address, result)) return await SavePlainTurnAsync(address, inboundMessageId, result, RepliesKeptWithTheMessage(address, renderedReplies), ct);
        using var writing = await writeGate.EnterAsync(ct);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (inboundMessageId is not null && !await InboundClaim.TryAsync(db, inboundMessageId, address.Channel, renderedReplies, now, ct))
            {
                await RollBackAsync(transaction);
                return SaveOutcome.Duplicate;
            }

            var person = LoadedPerson(address) ?? await TurnQueries.PersonAsync(db, address, tracked: true, ct) ?? AddPerson(address, now);
            foreach (var e in result.Events)
            {
                await ApplyAsync(e, person, address, ourNumber, inboundMessageId is not null, now, ct);
            }
            await WriteStateAsync(result.State, person, now, ct);
            GuardAgainstStaleSessions();

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            ForgetLoadedRows();
            return SaveOutcome.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            await RollBackAsync(transaction);
            return SaveOutcome.Conflict;
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            // Another turn for the same person got there first: two texts from a new phone at
            // once both found nobody and both added the person (unique phone or web user), or
            // both found no open survey and both started one (one open session per person).
            // Like a session conflict: nothing recorded, run the turn again on the fresh state.
            await RollBackAsync(transaction);
            return SaveOutcome.Conflict;
        }
        catch
        {
            await RollBackAsync(transaction);
            throw;
        }
    }

    private Person AddPerson(ChannelAddress address, DateTimeOffset now)
    {
        // An interviewer picks someone we hold; a person id that names nobody is a bug upstream.
        if (address.Channel == Channel.Interview) throw new InvalidOperationException("An interview turn names a person who is not in the store.");
        var person = NewPerson(address, now);
        db.People.Add(person);
        return person;
    }

    /// <summary>The row of someone whose first message this is (EF adds it, or the prepared save inserts it).</summary>
    private static Person NewPerson(ChannelAddress address, DateTimeOffset now) => new()
    {
        // Version 7 ids are time-ordered, which keeps index inserts at the end.
        Id = Guid.CreateVersion7(now),
        Phone = address.Phone,
        WebUserId = address.IsPhone ? null : address.Id,
        PreferredChannel = address.Channel,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// The person's language and easy-read choice as the turn left them; true when either changed,
    /// and then <see cref="Person.UpdatedAt"/> is now. A turn that changes neither leaves the
    /// person's row alone (it was rewritten on every turn, one more page written per answer).
    /// </summary>
    private static bool SetPreferences(Person person, string? language, bool easyRead, DateTimeOffset now)
    {
        if (string.Equals(person.Language, language, StringComparison.Ordinal) && person.EasyRead == easyRead) return false;
        (person.Language, person.EasyRead, person.UpdatedAt) = (language, easyRead, now);
        return true;
    }

    private async Task WriteStateAsync(ConversationState state, Person person, DateTimeOffset now, CancellationToken ct)
    {
        if (state.Session is { } s)
        {
            var row = await SessionAsync(s.Id, ct);
            row.StateJson = StateJson.Serialize(s);
            row.Status = s.Status;
            row.LastActivityAt = s.LastActivityAt;
            if (s.Status == SessionStatus.Completed) row.CompletedAt ??= now;
        }
        SetPreferences(person, state.Language ?? person.Language, state.EasyRead, now);
    }

    /// <summary>
    /// Every session this turn touched must still be at the revision this store loaded; if a
    /// parallel turn saved it meanwhile, SaveChanges fails and the turn is reported as a conflict.
    /// The revision is bumped even when the state text is unchanged: a turn that only adds an
    /// answer must still not be recorded on top of a turn it never saw.
    /// </summary>
    private void GuardAgainstStaleSessions()
    {
        foreach (var entry in db.ChangeTracker.Entries<Session>().Where(e => e.State is EntityState.Modified or EntityState.Unchanged))
        {
            var revision = entry.Property<int>(nameof(Session.Revision));
            if (_loadedRevisions.TryGetValue(entry.Entity.Id, out var loaded)) revision.OriginalValue = loaded;
            revision.CurrentValue = revision.OriginalValue + 1;
            _loadedRevisions[entry.Entity.Id] = revision.CurrentValue;
        }
    }
}
