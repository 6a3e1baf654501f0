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
/// session revision it loaded and refuse to overwrite a newer one. Loading is here; saving a
/// turn in ConversationStore.SaveTurn.cs; what each event writes in ConversationStore.Events.cs.
/// The scope's EF context is rented only by the turns that use EF (<see cref="StoreContextLease"/>):
/// the common text or call turn runs on prepared statements alone.
/// </summary>
public sealed partial class ConversationStore(StoreContextLease lease, TimeProvider time, StoreWriteGate writeGate, TurnConnections connections)
{
    private StoreDbContext db => lease.Context;

    private static readonly SessionStatus[] OpenStatuses = [SessionStatus.Active, SessionStatus.AwaitingCarryOn];

    private readonly Dictionary<Guid, int> _loadedRevisions = new();

    // The rows the last load read, attached by the save that follows instead of being read again
    // inside its transaction (two round trips a turn). Safe because the save cannot overwrite a
    // newer row unseen: a session's update is guarded by its revision, and an attached row updates
    // only the columns the turn changed (a row gone meanwhile fails the save as a conflict).
    private (ChannelAddress Address, Person Person)? _loadedPerson;
    private Session? _loadedSession;
    // Its status as loaded (or as last saved by the prepared save): a turn that leaves it so does not set it.
    private SessionStatus? _loadedStatus;
    // The phone the last load read by (ConversationStore.Prepared.cs), found or not: a person not
    // found there is new to the store, and the prepared save may add them.
    private ChannelAddress? _loadedPhone;

    public async Task<ConversationRecord> LoadAsync(ChannelAddress address, CancellationToken ct)
    {
        ForgetLoadedRows();
        // A text or a call: one command for everything (ConversationStore.Prepared.cs).
        if (address.IsPhone) return await LoadByPhoneAsync(address, ct);
        // A web chat visitor: the same, by their web user id (ConversationStore.WebVisitor.cs).
        if (address.Channel == Channel.Web) return await LoadWebVisitorAsync(address, ct);
        var person = await TurnQueries.PersonAsync(db, address, tracked: false, ct);
        var phone = address.Phone ?? person?.Phone;
        var optedOut = await OptOutRegister.IsOptedOutAsync(db, phone, person?.Id, ct);
        var session = person is null ? null : await TurnQueries.OpenSession(db, person.Id, ct);
        return Remember(address, phone, person, optedOut, session);
    }

    /// <summary>The record of what a load read; the rows are kept for the save that follows.</summary>
    private ConversationRecord Remember(ChannelAddress address, string? phone, Person? person, bool optedOut, Session? session,
        (Catalog.CatalogStamp, bool)? catalog = null)
    {
        if (person is null)
        {
            // Not created here: a load that is never followed by a save (a 403, a crash) must
            // leave no trace of a phone number we have not spoken to.
            return new ConversationRecord(null, ConversationState.New with { OptedOut = optedOut, PhoneOnRecord = phone is not null }) { Catalog = catalog };
        }
        _loadedPerson = (address, person);
        if (session is not null)
        {
            _loadedRevisions[session.Id] = session.Revision;
            _loadedSession = session;
            _loadedStatus = session.Status;
        }

        return new ConversationRecord(person.Id, new ConversationState
        {
            Language = person.Language,
            EasyRead = person.EasyRead,
            SlowPace = person.SlowPace,
            OptedOut = optedOut,
            PhoneOnRecord = phone is not null,
            Session = session is null ? null : StateJson.DeserializeSession(session.StateJson),
        }) { Catalog = catalog };
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
        var personId = (await TurnQueries.PersonAsync(db, address, tracked: false, ct))?.Id;
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

    /// <summary>The person the last load found at this address, now tracked by the turn's save.</summary>
    private Person? LoadedPerson(ChannelAddress address)
    {
        if (_loadedPerson is not { } loaded || loaded.Address != address) return null;
        return db.People.Local.FindEntry(loaded.Person.Id)?.Entity ?? db.People.Attach(loaded.Person).Entity;
    }

    /// <summary>After a save or a rollback the loaded rows may hold values the store does not: a
    /// later save reads them again.</summary>
    private void ForgetLoadedRows()
    {
        _loadedPerson = null;
        _loadedSession = null;
        _loadedPhone = null;
    }

    /// <summary>As FindAsync (the one already tracked, the one the load read, else from the store)
    /// without its per-call query building.</summary>
    private async Task<Session> SessionAsync(Guid id, CancellationToken ct) =>
        db.Sessions.Local.FindEntry(id)?.Entity
        ?? (_loadedSession is { } loaded && loaded.Id == id ? db.Sessions.Attach(loaded).Entity : null)
        ?? await TurnQueries.TrackedSession(db, id, ct)
        // The engine only refers to sessions it started or loaded: anything else is a bug.
        ?? throw new InvalidOperationException($"The turn refers to session {id}, which is not in the store.");

    private async Task RollBackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction)
    {
        // Not cancellable: a half-undone rollback is the one thing worse than the failure itself.
        await transaction.RollbackAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        ForgetLoadedRows();
    }
}
