using CoProduction.Store.Model;
using CoProduction.Surveys.Understanding;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.OptOuts;

/// <summary>
/// The one home of STOP in the store: who is opted out, recording an opt-out, and opting back
/// in. The bot, the invitation dispatcher, delivery reports and staff all come here, so they
/// cannot disagree about who may be contacted. Each call works on the caller's own context, so
/// an opt-out is saved in the same transaction as the turn or the invitation it belongs to.
/// </summary>
/// <remarks>
/// Someone is opted out while an opt-out with no end is held for their phone number or for them
/// (a STOP typed in a chat opened from their invitation link still holds for their phone).
/// </remarks>
public static class OptOutRegister
{
    /// <summary>Recorded when Twilio refuses to send because the carrier holds an opt-out (error 21610).</summary>
    public const string Carrier = "CARRIER";

    /// <summary>Recorded when staff opt someone out or back in.</summary>
    public const string Staff = "STAFF";

    /// <summary>
    /// Open opt-outs for this phone (E.164) or person; either may be unknown. An erased person's
    /// opt-out has no number any more, only its hash, so the hash is matched too.
    /// </summary>
    public static IQueryable<OptOut> OpenFor(StoreDbContext db, string? phone, Guid? personId)
    {
        var hash = phone is null ? null : HashPhone(phone);
        return db.OptOuts.Where(o => o.EndedAt == null
            && ((phone != null && (o.Phone == phone || o.PhoneHash == hash)) || (personId != null && o.PersonId == personId)));
    }

    /// <summary>Every opt-out of theirs, open or ended: for the record of all we hold about a person.</summary>
    public static IQueryable<OptOut> AllFor(StoreDbContext db, string? phone, Guid personId)
    {
        var hash = phone is null ? null : HashPhone(phone);
        return db.OptOuts.Where(o => o.PersonId == personId || (phone != null && (o.Phone == phone || o.PhoneHash == hash)));
    }

    /// <summary>
    /// SHA-256 of the E.164 number, hex: enough to recognise the number again, not to text it.
    /// Unkeyed on purpose: a lost key would silently forget every erased person's STOP.
    /// </summary>
    public static string HashPhone(string e164) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("coproduction-optout:" + e164)));

    public static Task<bool> IsOptedOutAsync(StoreDbContext db, string? phone, Guid? personId, CancellationToken ct) =>
        phone is null && personId is null ? Task.FromResult(false) : AnyOpen.For(db)(db, phone, phone is null ? null : HashPhone(phone), personId, ct);

    /// <summary>
    /// <see cref="OpenFor"/>'s question compiled once: every turn asks it, and building the
    /// query afresh each time was a visible share of a turn's CPU. Keep the two conditions alike.
    /// </summary>
    private static readonly Setup.CompiledPerModel<Func<StoreDbContext, string?, string?, Guid?, CancellationToken, Task<bool>>> AnyOpen =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, string? phone, string? hash, Guid? personId, CancellationToken ct) =>
            db.OptOuts.Any(o => o.EndedAt == null
                && ((phone != null && (o.Phone == phone || o.PhoneHash == hash)) || (personId != null && o.PersonId == personId)))));

    /// <summary>
    /// <see cref="OpenFor"/>'s question as SQL, for a turn's one read by phone (TurnStatements):
    /// 1 when an open opt-out holds for <c>@phone</c>, its hash <c>@hash</c>, or the person
    /// <paramref name="person"/> names; else 0. Keep it alike with the two above.
    /// </summary>
    internal static string AnyOpenForPhoneSql(Setup.EntityColumns optOuts, string person) =>
        "SELECT " + AnyOpenForPhone(optOuts, person);

    /// <summary>
    /// <see cref="AnyOpenForPhoneSql"/>'s one column, for a statement that reads it with others.
    /// <paramref name="person"/> is an expression for the one person's id or null: a column of the
    /// outer query, or a subquery in brackets by a unique key (phone, web user id). Compared with
    /// <c>=</c>, not <c>IN</c>: SQLite builds a temporary B-tree (a pager and a page cache of its
    /// own, made and torn down each time) for an <c>IN</c> used as an index key.
    /// </summary>
    internal static string AnyOpenForPhone(Setup.EntityColumns optOuts, string person) =>
        $"CASE WHEN EXISTS (SELECT 1 FROM {optOuts.Table} WHERE {optOuts[nameof(OptOut.EndedAt)]} IS NULL AND ("
        + $"{optOuts[nameof(OptOut.Phone)]} = @phone OR {optOuts[nameof(OptOut.PhoneHash)]} = @hash OR {optOuts[nameof(OptOut.PersonId)]} = {person})) THEN 1 ELSE 0 END";

    /// <summary>
    /// Records an opt-out unless one is already open for them (a second STOP changes nothing).
    /// The keyword is the standard word (STOP, UNSUBSCRIBE, ..., CARRIER, STAFF); anything else,
    /// such as a person's own words, is recorded as STOP.
    /// </summary>
    /// <returns>True when a new opt-out was added (saved with the caller's SaveChanges).</returns>
    public static async Task<bool> RecordAsync(
        StoreDbContext db, string? phone, Guid? personId, string keyword, string? ourNumber, DateTimeOffset now, CancellationToken ct)
    {
        if (phone is null && personId is null) throw new ArgumentException("An opt-out needs a phone number or a person.");
        var pending = db.ChangeTracker.Entries<OptOut>().Any(e => e.State == EntityState.Added
            && e.Entity.EndedAt == null && ((phone != null && e.Entity.Phone == phone) || (personId != null && e.Entity.PersonId == personId)));
        if (pending || await IsOptedOutAsync(db, phone, personId, ct)) return false;
        db.OptOuts.Add(new OptOut
        {
            Phone = phone,
            PhoneHash = phone is null ? null : HashPhone(phone),
            PersonId = personId,
            OurNumber = ourNumber,
            Keyword = Canonical(keyword, CommandReader.StopKeywords, Carrier, Staff),
            At = now,
        });
        return true;
    }

    /// <summary>
    /// Ends every open opt-out for this phone or person. Only for START (or DECHRAU) texted by
    /// them, or for staff: never for a "yes" on a call or in a chat, nor for following a link.
    /// </summary>
    /// <param name="keyword">START, UNSTOP or DECHRAU as texted; <see cref="Staff"/> when staff did it.</param>
    /// <returns>How many opt-outs ended (0 when they were not opted out).</returns>
    public static async Task<int> OptBackInAsync(
        StoreDbContext db, string? phone, Guid? personId, string keyword, DateTimeOffset now, CancellationToken ct)
    {
        if (phone is null && personId is null) return 0;
        var open = await OpenFor(db, phone, personId).ToListAsync(ct);
        var recorded = Canonical(keyword, CommandReader.StartKeywords, Staff);
        foreach (var optOut in open)
        {
            optOut.EndedAt = now;
            optOut.EndedKeyword = recorded;
        }
        return open.Count;
    }

    private static string Canonical(string keyword, IReadOnlyList<string> words, params string[] more)
    {
        var upper = keyword.Trim().ToUpperInvariant();
        return words.Contains(upper) || more.Contains(upper) ? upper : words[0];
    }
}
