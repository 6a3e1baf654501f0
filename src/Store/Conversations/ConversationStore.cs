using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Conversations;

/// <summary>
/// The bot's memory of each person: load their state before a turn, save everything the turn
/// did in one transaction after it. Scoped: one instance per turn, so it can remember which
/// session revision it loaded and refuse to overwrite a newer one.
/// </summary>
public sealed class ConversationStore(StoreDbContext db, TimeProvider time, StoreWriteGate writeGate)
{
    private static readonly SessionStatus[] OpenStatuses = [SessionStatus.Active, SessionStatus.AwaitingCarryOn];

    private readonly Dictionary<Guid, int> _loadedRevisions = new();

    public async Task<ConversationRecord> LoadAsync(ChannelAddress address, CancellationToken ct)
    {
        var person = await PeopleAt(address).AsNoTracking().FirstOrDefaultAsync(ct);
        var phone = address.Phone ?? person?.Phone;
        var optedOut = await OptOutRegister.IsOptedOutAsync(db, phone, person?.Id, ct);
        if (person is null)
        {
            // Not created here: a load that is never followed by a save (a 403, a crash) must
            // leave no trace of a phone number we have not spoken to.
            return new ConversationRecord(null, ConversationState.New with { OptedOut = optedOut, PhoneOnRecord = phone is not null });
        }

        var session = await db.Sessions.AsNoTracking()
            .Where(s => s.PersonId == person.Id && OpenStatuses.Contains(s.Status))
            .OrderByDescending(s => s.LastActivityAt)
            .FirstOrDefaultAsync(ct);
        if (session is not null) _loadedRevisions[session.Id] = session.Revision;

        return new ConversationRecord(person.Id, new ConversationState
        {
            Language = person.Language,
            EasyRead = person.EasyRead,
            SlowPace = person.SlowPace,
            OptedOut = optedOut,
            PhoneOnRecord = phone is not null,
            Session = session is null ? null : StateJson.Deserialize<SessionState>(session.StateJson),
        });
    }

    /// <summary>
    /// Called when a turn failed for a reason that is not passing (a bug, a state that can no
    /// longer be read). The first failure on a saved state only marks it: the person's next
    /// message runs on the same state, and a one-off failure costs them nothing. A second failure
    /// on that same saved state (same revision) sets the session aside, so a state that keeps
    /// failing cannot trap them: their next message starts afresh. A set-aside session keeps its
    /// answers, and they count in results (<see cref="SessionStatus.Reset"/>).
    /// </summary>
    /// <returns>How many open sessions were set aside (0 when this was the first failure).</returns>
    public async Task<int> ResetAfterRepeatedFailureAsync(ChannelAddress address, CancellationToken ct)
    {
        var personId = await PeopleAt(address).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (personId is null) return 0;
        var open = db.Sessions.Where(s => s.PersonId == personId && OpenStatuses.Contains(s.Status));
        // Each statement is atomic on its own; a turn saved between the two bumps the revision, and
        // then the mark no longer matches and the state counts as new, which is what it is.
        var reset = await open.Where(s => s.FailedRevision == s.Revision)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SessionStatus.Reset)
                .SetProperty(s => s.EndedAt, time.GetUtcNow())
                .SetProperty(s => s.Revision, s => s.Revision + 1), ct);
        if (reset == 0)
        {
            await open.ExecuteUpdateAsync(u => u.SetProperty(s => s.FailedRevision, s => s.Revision), ct);
        }
        return reset;
    }

    /// <summary>How long a pilot run stays open for the board member who started it.</summary>
    public static readonly TimeSpan PilotLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// The draft a board member is piloting from this phone or chat id, if they started one in
    /// the last day. Phone pilots work by text and by call alike.
    /// </summary>
    public async Task<(string SurveyId, int Version)?> FindPilotAsync(ChannelAddress address, CancellationToken ct)
    {
        var since = time.GetUtcNow() - PilotLifetime;
        var pilots = await db.PilotRuns.AsNoTracking()
            .Where(p => p.Address == address.Id)
            .Select(p => new { p.SurveyId, p.Version, p.StartedAt, p.Channel })
            .ToListAsync(ct);
        // Compared in memory: SQLite cannot order or compare DateTimeOffset in SQL.
        var latest = pilots
            .Where(p => p.StartedAt >= since && (p.Channel == Channel.Web) == (address.Channel == Channel.Web))
            .OrderByDescending(p => p.StartedAt)
            .FirstOrDefault();
        return latest is null ? null : (latest.SurveyId, latest.Version);
    }

    /// <summary>The replies we gave to this message before, or null when we have never seen it.</summary>
    public async Task<IReadOnlyList<string>?> FindRepliesAsync(string inboundMessageId, CancellationToken ct)
    {
        var json = await db.InboundMessages.AsNoTracking()
            .Where(m => m.MessageId == inboundMessageId)
            .Select(m => m.RepliesJson)
            .FirstOrDefaultAsync(ct);
        return json is null ? null : StateJson.Deserialize<List<string>>(json);
    }

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
        using var writing = await writeGate.EnterAsync(ct);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (inboundMessageId is not null && !await ClaimInboundAsync(inboundMessageId, address.Channel, renderedReplies, now, ct))
            {
                await RollBackAsync(transaction);
                return SaveOutcome.Duplicate;
            }

            var person = await PeopleAt(address).FirstOrDefaultAsync(ct) ?? AddPerson(address, now);
            foreach (var e in result.Events)
            {
                await ApplyAsync(e, person, address, ourNumber, inboundMessageId is not null, now, ct);
            }
            await WriteStateAsync(result.State, person, now, ct);
            GuardAgainstStaleSessions();

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
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

    /// <summary>
    /// Inserts the inbound row on its own, first, so that a primary-key violation can only mean
    /// "seen before". A SELECT first would not do: two copies of one webhook can both find
    /// nothing and both go on; only one of them can insert the key.
    /// </summary>
    private async Task<bool> ClaimInboundAsync(
        string messageId, Channel channel, IReadOnlyList<string> replies, DateTimeOffset now, CancellationToken ct)
    {
        db.InboundMessages.Add(new InboundMessage
        {
            MessageId = messageId,
            Channel = channel,
            ReceivedAt = now,
            RepliesJson = StateJson.Serialize(replies),
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            return false;
        }
    }

    private Person AddPerson(ChannelAddress address, DateTimeOffset now)
    {
        var person = new Person
        {
            // Version 7 ids are time-ordered, which keeps index inserts at the end.
            Id = Guid.CreateVersion7(now),
            Phone = address.Phone,
            WebUserId = address.IsPhone ? null : address.Id,
            PreferredChannel = address.Channel,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.People.Add(person);
        return person;
    }

    private async Task ApplyAsync(
        SurveyEvent e, Person person, ChannelAddress address, string? ourNumber, bool inbound, DateTimeOffset now, CancellationToken ct)
    {
        switch (e)
        {
            case SessionStarted started:
                db.Sessions.Add(new Session
                {
                    Id = started.SessionId,
                    PersonId = person.Id,
                    SurveyId = started.SurveyId,
                    Version = started.Version,
                    Channel = address.Channel,
                    Status = SessionStatus.Active,
                    // Replaced by the turn's final state below; stays "{}" only for a session
                    // that also ended in this turn, which is never loaded again.
                    StateJson = "{}",
                    StartedAt = now,
                    LastActivityAt = now,
                    InvitationId = started.InvitationId,
                    Pilot = started.Pilot,
                });
                // A survey we texted out has not "started" until the person answers; a call they
                // picked up or a chat link they opened has.
                if (started.InvitationId is { } invited && inbound)
                {
                    await InvitationProgress.AdvanceAsync(db, invited, InvitationStatus.Started, now, ct);
                }
                break;

            case QuestionFlagged flagged:
                db.ConfusingFlags.Add(new ConfusingFlag
                {
                    SurveyId = flagged.SurveyId,
                    Version = flagged.Version,
                    QuestionId = flagged.QuestionId,
                    Channel = address.Channel,
                    Note = "Flagged during a pilot.",
                    At = now,
                    // The board member who started the pilot from this phone or chat.
                    MemberId = (await db.PilotRuns.AsNoTracking().Where(p => p.Address == address.Id && p.SurveyId == flagged.SurveyId)
                        .Select(p => new { p.MemberId, p.StartedAt }).ToListAsync(ct))
                        .OrderByDescending(p => p.StartedAt).Select(p => (Guid?)p.MemberId).FirstOrDefault(),
                });
                break;

            case AnswerRecorded answer:
                if ((await SessionAsync(answer.SessionId, ct)).InvitationId is { } answering)
                {
                    await InvitationProgress.AdvanceAsync(db, answering, InvitationStatus.Started, now, ct);
                }
                db.Answers.Add(new Answer
                {
                    SessionId = answer.SessionId,
                    PersonId = person.Id,
                    SurveyId = answer.SurveyId,
                    Version = answer.Version,
                    QuestionId = answer.QuestionId,
                    Raw = answer.Raw,
                    Value = answer.Value,
                    Status = answer.Status,
                    Channel = address.Channel,
                    At = now,
                });
                break;

            case SessionCompleted completed:
            {
                var session = await SessionAsync(completed.SessionId, ct);
                session.Status = SessionStatus.Completed;
                session.CompletedAt = now;
                session.LastActivityAt = now;
                if (session.InvitationId is { } completing)
                {
                    await InvitationProgress.AdvanceAsync(db, completing, InvitationStatus.Completed, now, ct);
                }
                break;
            }

            case SessionEnded ended:
            {
                var session = await SessionAsync(ended.SessionId, ct);
                session.Status = ended.Reason;
                session.EndedAt = now;
                session.LastActivityAt = now;
                if (session.InvitationId is { } ending && ended.Reason is SessionStatus.Stopped or SessionStatus.Expired)
                {
                    await InvitationProgress.AdvanceAsync(
                        db, ending, ended.Reason == SessionStatus.Stopped ? InvitationStatus.OptedOut : InvitationStatus.Expired, now, ct);
                }
                break;
            }

            case OptedOut optedOut:
                await OptOutRegister.RecordAsync(db, address.Phone ?? person.Phone, person.Id, optedOut.Keyword, ourNumber, now, ct);
                break;

            case OptedIn optedIn:
            {
                var phone = address.Phone ?? person.Phone;
                // The engine only opts back in on a text; this guards the rule should it ever slip.
                if (address.Channel == Channel.Voice || (address.Channel == Channel.Web && phone is not null))
                    throw new InvalidOperationException($"An opt-out can only be lifted by a text or by staff, not on {address.Channel.ToName()}.");
                await OptOutRegister.OptBackInAsync(db, phone, person.Id, optedIn.Keyword, now, ct);
                break;
            }

            case LanguageChanged changed:
                person.Language = changed.Language;
                break;

            default:
                // A new event type the store does not know yet must not be dropped silently.
                throw new InvalidOperationException($"The store cannot record a {e.GetType().Name} event yet.");
        }
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
        person.Language = state.Language ?? person.Language;
        person.EasyRead = state.EasyRead;
        person.UpdatedAt = now;
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
            var revision = entry.Property(s => s.Revision);
            if (_loadedRevisions.TryGetValue(entry.Entity.Id, out var loaded)) revision.OriginalValue = loaded;
            revision.CurrentValue = revision.OriginalValue + 1;
            _loadedRevisions[entry.Entity.Id] = revision.CurrentValue;
        }
    }

    private async Task<Session> SessionAsync(Guid id, CancellationToken ct) =>
        await db.Sessions.FindAsync([id], ct)
        // The engine only refers to sessions it started or loaded: anything else is a bug.
        ?? throw new InvalidOperationException($"The turn refers to session {id}, which is not in the store.");

    private IQueryable<Person> PeopleAt(ChannelAddress address)
    {
        if (address.IsPhone)
        {
            var phone = address.Phone;
            return db.People.Where(p => p.Phone == phone);
        }
        return db.People.Where(p => p.WebUserId == address.Id);
    }

    private async Task RollBackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        // Not cancellable: a half-undone rollback is the one thing worse than the failure itself.
        await transaction.RollbackAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }
}
