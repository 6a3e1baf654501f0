using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.People;

/// <summary>
/// Imports people from CSV. The phone number is the key: importing the same person again updates
/// them, never makes a second one. Nothing is written while any row is bad, unless the caller asks
/// for a partial import (then the good rows are). The whole write is one transaction.
/// The file is read as it streams in, and checking rows (phone numbers are the costly part) runs
/// beside writing them: a batch is checked while the one before it is written. Memory stays flat
/// however long the file: a few batches of rows, plus one number per phone for finding repeats.
/// </summary>
public sealed class PeopleImporter(StoreDbContext db, TimeProvider time, IOptions<SchedulingOptions> options, FieldLimits limits)
{
    public async Task<PeopleImportResult> ImportAsync(TextReader csv, bool partial, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var batchSize = Math.Max(1, options.Value.BatchSize);
        var batches = System.Threading.Channels.Channel.CreateBounded<List<PersonRow>>(new System.Threading.Channels.BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var fields = PersonFields.Limits.From(limits);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                var batch = new List<PersonRow>(batchSize);
                await foreach (var row in PeopleCsvReader.ReadAsync(csv, fields, errors, stop.Token))
                {
                    // Once a row is bad and the import is all or nothing, the rest is only checked.
                    if (errors.Count > 0 && !partial) continue;
                    batch.Add(row);
                    if (batch.Count < batchSize) continue;
                    await batches.Writer.WriteAsync(batch, stop.Token);
                    batch = new List<PersonRow>(batchSize);
                }
                if (batch.Count > 0 && (partial || errors.Count == 0)) await batches.Writer.WriteAsync(batch, stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, CancellationToken.None);

        var now = time.GetUtcNow();
        int imported, updated;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await using (var writer = new PeopleWriter(db))
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(ct)) await writer.WriteAsync(batch, now, ct);
                (imported, updated) = (writer.Imported, writer.Updated);
            }
            if (errors.Count > 0 && !partial) return new PeopleImportResult(0, 0, errors);
            await transaction.CommitAsync(ct);
        }
        catch (Exception e) when (e is PeopleCsvReader.UnclosedQuote || e.InnerException is PeopleCsvReader.UnclosedQuote)
        {
            // Nothing after the open quote can be read, so nothing is imported (the error says where).
            return new PeopleImportResult(0, 0, errors);
        }
        finally
        {
            stop.Cancel();
            await reading;
            db.ChangeTracker.Clear();
        }
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

    internal static void Apply(PersonRow row, Person person, DateTimeOffset now)
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
