using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Conversations;

/// <summary>
/// The reads every turn makes, compiled once (per model). Written as LINQ, EF would take each
/// query's expression tree apart again on every call to find its parameters and its cached plan,
/// which a profile of the turn benchmark showed as one of the largest shares of a turn's CPU.
/// Same SQL and the same results as the queries they replace.
/// </summary>
internal static class TurnQueries
{
    private static readonly CompiledPerModel<Func<StoreDbContext, string, CancellationToken, Task<Person?>>> PersonByPhone =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, string phone, CancellationToken ct) =>
            db.People.AsNoTracking().FirstOrDefault(p => p.Phone == phone)));

    private static readonly CompiledPerModel<Func<StoreDbContext, string, CancellationToken, Task<Person?>>> PersonByWebUser =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, string webUserId, CancellationToken ct) =>
            db.People.AsNoTracking().FirstOrDefault(p => p.WebUserId == webUserId)));

    private static readonly CompiledPerModel<Func<StoreDbContext, string, CancellationToken, Task<Person?>>> TrackedPersonByPhone =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, string phone, CancellationToken ct) =>
            db.People.FirstOrDefault(p => p.Phone == phone)));

    private static readonly CompiledPerModel<Func<StoreDbContext, string, CancellationToken, Task<Person?>>> TrackedPersonByWebUser =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, string webUserId, CancellationToken ct) =>
            db.People.FirstOrDefault(p => p.WebUserId == webUserId)));

    private static readonly CompiledPerModel<Func<StoreDbContext, Guid, CancellationToken, Task<Person?>>> PersonById =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, Guid id, CancellationToken ct) =>
            db.People.AsNoTracking().FirstOrDefault(p => p.Id == id)));

    private static readonly CompiledPerModel<Func<StoreDbContext, Guid, CancellationToken, Task<Person?>>> TrackedPersonById =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, Guid id, CancellationToken ct) =>
            db.People.FirstOrDefault(p => p.Id == id)));

    private static readonly CompiledPerModel<Func<StoreDbContext, Guid, CancellationToken, Task<Session?>>> OpenSessionQuery =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, Guid personId, CancellationToken ct) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.PersonId == personId && (s.Status == SessionStatus.Active || s.Status == SessionStatus.AwaitingCarryOn))
                .OrderByDescending(s => s.LastActivityAt)
                .FirstOrDefault()));

    private static readonly CompiledPerModel<Func<StoreDbContext, Guid, CancellationToken, Task<Session?>>> TrackedSessionQuery =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, Guid id, CancellationToken ct) =>
            db.Sessions.FirstOrDefault(s => s.Id == id)));

    /// <summary>The person at this address; tracked when the turn's transaction will change them.
    /// An interview names the person by their id (the interviewer picked them from a list).</summary>
    public static Task<Person?> PersonAsync(StoreDbContext db, ChannelAddress address, bool tracked, CancellationToken ct)
    {
        if (!address.IsPhone && address.Channel == Channel.Interview)
        {
            var id = Guid.TryParse(address.Id, out var parsed) ? parsed : Guid.Empty;
            return tracked ? TrackedPersonById.For(db)(db, id, ct) : PersonById.For(db)(db, id, ct);
        }
        return (address.IsPhone, tracked) switch
        {
            (true, false) => PersonByPhone.For(db)(db, address.Phone!, ct),
            (true, true) => TrackedPersonByPhone.For(db)(db, address.Phone!, ct),
            (false, false) => PersonByWebUser.For(db)(db, address.Id, ct),
            (false, true) => TrackedPersonByWebUser.For(db)(db, address.Id, ct),
        };
    }

    /// <summary>The person's open survey, the latest if (against the rules) there were two.</summary>
    public static Task<Session?> OpenSession(StoreDbContext db, Guid personId, CancellationToken ct) =>
        OpenSessionQuery.For(db)(db, personId, ct);

    /// <summary>A session, tracked, inside the turn's transaction.</summary>
    public static Task<Session?> TrackedSession(StoreDbContext db, Guid id, CancellationToken ct) =>
        TrackedSessionQuery.For(db)(db, id, ct);
}
