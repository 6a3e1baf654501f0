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
