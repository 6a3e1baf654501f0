using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.People;

/// <summary>
/// Imports people from CSV. The phone number is the key: importing the same person again updates
/// them, never makes a second one. Nothing is written while any row is bad, unless the caller asks
/// for a partial import (then the good rows are). The whole write is one transaction.
/// </summary>
public sealed class PeopleImporter(StoreDbContext db, TimeProvider time, IOptions<SchedulingOptions> options, FieldLimits limits)
{
    public async Task<PeopleImportResult> ImportAsync(TextReader csv, bool partial, CancellationToken ct)
    {
        var (rows, errors) = PeopleCsvReader.Read(csv, limits);
        if (errors.Count > 0 && !partial) return new PeopleImportResult(0, 0, errors);

        var now = time.GetUtcNow();
        int imported = 0, updated = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var batch in rows.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var phones = batch.Select(r => r.Phone).ToList();
            var existing = await db.People.Where(p => p.Phone != null && phones.Contains(p.Phone)).ToDictionaryAsync(p => p.Phone!, ct);
            var regrouped = new List<Guid>();
            var memberships = new List<PersonGroup>();
            foreach (var row in batch)
            {
                if (!existing.TryGetValue(row.Phone, out var person))
                {
                    person = new Person { Id = Guid.CreateVersion7(now), Phone = row.Phone, CreatedAt = now };
                    db.People.Add(person);
                    imported++;
                }
                else
                {
                    updated++;
                }
                Apply(row, person, now);
                if (row.Groups is { } groups)
                {
                    regrouped.Add(person.Id);
                    memberships.AddRange(groups.Select(g => new PersonGroup { PersonId = person.Id, Group = g }));
                }
            }
            await db.SaveChangesAsync(ct);
            if (regrouped.Count > 0)
            {
                await db.PersonGroups.Where(g => regrouped.Contains(g.PersonId)).ExecuteDeleteAsync(ct);
                db.PersonGroups.AddRange(memberships);
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(ct);
        return new PeopleImportResult(imported, updated, errors);
    }

    /// <summary>
    /// One person from the staff form: added (no id) or changed (their id), with the same rules
    /// as a row of the CSV. Null when the phone number already belongs to someone else.
    /// </summary>
    public async Task<Guid?> SaveAsync(PersonRow row, Guid? id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await db.People.AnyAsync(p => p.Phone == row.Phone && p.Id != id, ct)) return null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Person? person = id is { } existing ? await db.People.FirstOrDefaultAsync(p => p.Id == existing, ct) : null;
        if (person is null)
        {
            if (id is not null) return null;
            person = new Person { Id = Guid.CreateVersion7(now), CreatedAt = now };
            db.People.Add(person);
        }
        person.Phone = row.Phone;
        Apply(row, person, now);
        await db.SaveChangesAsync(ct);
        if (row.Groups is { } groups)
        {
            await db.PersonGroups.Where(g => g.PersonId == person.Id).ExecuteDeleteAsync(ct);
            db.PersonGroups.AddRange(groups.Select(g => new PersonGroup { PersonId = person.Id, Group = g }));
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return person.Id;
    }

    private static void Apply(PersonRow row, Person person, DateTimeOffset now)
    {
        if (row.Name is not null) person.Name = row.Name;
        if (row.Channel is { } channel) person.PreferredChannel = channel;
        if (row.Language is not null) person.Language = row.Language;
        if (row.TimeZone is not null) person.TimeZone = row.TimeZone;
        if (row.NextCheckin is { } next) person.NextCheckin = next;
        if (row.ConsentDate is { } consent) person.ConsentDate = consent;
        if (row.EasyRead is { } easy) person.EasyRead = easy;
        if (row.SlowPace is { } slow) person.SlowPace = slow;
        person.UpdatedAt = now;
    }
}
