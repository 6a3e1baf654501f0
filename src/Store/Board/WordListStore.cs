using CoProduction.Store.Model;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Board;

/// <summary>
/// The board's jargon and stigmatising lists. Until the board first edits them they are
/// <see cref="WordLists.Default"/>; the first edit copies the defaults in, so removing a default works too.
/// </summary>
public sealed class WordListStore(StoreDbContext db, TimeProvider time)
{
    public async Task<WordLists> GetAsync(CancellationToken ct)
    {
        var entries = await db.WordListEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        if (entries.Count == 0) return WordLists.Default;
        return new WordLists(
            entries.Where(e => e.Kind == WordListKind.Jargon).Select(e => new ListedPhrase(e.Phrase, e.Instead)).ToList(),
            entries.Where(e => e.Kind == WordListKind.Stigmatising).Select(e => new ListedPhrase(e.Phrase, e.Instead)).ToList());
    }

    public async Task<IReadOnlyList<WordListEntry>> ListAsync(CancellationToken ct)
    {
        await SeedAsync(ct);
        return await db.WordListEntries.AsNoTracking().OrderBy(e => e.Kind).ThenBy(e => e.Phrase).ToListAsync(ct);
    }

    public async Task<WordListEntry> AddAsync(WordListKind kind, string phrase, string? instead, Guid? member, CancellationToken ct)
    {
        await SeedAsync(ct);
        phrase = phrase.Trim();
        // Adding a phrase already on the list is a success that changes nothing: two members
        // adding the same word at once (the unique index decides) both see it listed once.
        if (await FindAsync(kind, phrase, ct) is { } existing) return existing;
        var entry = new WordListEntry { Kind = kind, Phrase = phrase, Instead = string.IsNullOrWhiteSpace(instead) ? null : instead.Trim(), AddedBy = member, At = time.GetUtcNow() };
        db.WordListEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
            return entry;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await FindAsync(kind, phrase, ct) ?? throw new InvalidOperationException("A word list entry could not be saved, and no equal entry is there.");
        }
    }

    public async Task<bool> RemoveAsync(long id, CancellationToken ct)
    {
        // No copying in here: an id comes from a listing, which copied the defaults in already, so
        // with nothing stored there is nothing to remove, and a refused removal changes nothing.
        var entry = await db.WordListEntries.FindAsync([id], ct);
        if (entry is null) return false;
        db.WordListEntries.Remove(entry);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private Task<WordListEntry?> FindAsync(WordListKind kind, string phrase, CancellationToken ct) =>
        db.WordListEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Kind == kind && e.Phrase == phrase, ct);

    private async Task SeedAsync(CancellationToken ct)
    {
        if (await db.WordListEntries.AnyAsync(ct)) return;
        var now = time.GetUtcNow();
        db.WordListEntries.AddRange(WordLists.Default.Jargon.DistinctBy(p => p.Phrase).Select(p => new WordListEntry { Kind = WordListKind.Jargon, Phrase = p.Phrase, Instead = p.Instead, At = now }));
        db.WordListEntries.AddRange(WordLists.Default.Stigmatising.DistinctBy(p => p.Phrase).Select(p => new WordListEntry { Kind = WordListKind.Stigmatising, Phrase = p.Phrase, Instead = p.Instead, At = now }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request seeded the lists at the same moment; theirs stand.
            db.ChangeTracker.Clear();
        }
    }
}
