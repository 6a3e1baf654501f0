using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Invitations;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Tests.Jobs;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class CheckinJobTests(IStoreBackend backend)
{
    [Fact]
    public async Task AYearAndAQuarterOfCheckins_EachDueDateInvitedOnce_InTheirOwnDaytime_AndDatesMoveOn()
    {
        await using var h = await Harness.CreateAsync(new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero), backend: backend);
        await h.ImportAsync("name,phone,timezone,next_checkin\n"
            + "Ann,07700 900501,Europe/London,2028-02-29\n"     // a leap day; she answers
            + "Bob,07700 900502,Pacific/Auckland,2028-06-15\n"  // far east of UTC; never answers
            + "Cat,07700 900503,America/New_York,2028-12-31\n"); // west of UTC; never answers
        var ann = await h.PersonAsync("+447700900501");
        var bob = await h.PersonAsync("+447700900502");
        var cat = await h.PersonAsync("+447700900503");

        for (var day = new DateOnly(2028, 1, 1); day <= new DateOnly(2029, 3, 31); day = day.AddDays(1))
        {
            // The daily job just after midnight UTC, then the dispatcher a few times a day.
            h.Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 5)), TimeSpan.Zero));
            await h.CheckinsAsync(day);
            await h.HousekeepingAsync();
            foreach (var hour in new[] { 9.5, 14.5, 22.0 })
            {
                var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(hour);
                if (at > h.Time.GetUtcNow()) h.Time.SetUtcNow(at);
                await h.DispatchAsync();
                // Ann answers whatever she is sent.
                await h.Db(async db =>
                {
                    var open = await db.Invitations.Where(i => i.PersonId == ann.Id && i.Status == InvitationStatus.Sent).Select(i => i.Id).ToListAsync();
                    foreach (var id in open) await InvitationProgress.AdvanceAsync(db, id, InvitationStatus.Completed, h.Time.GetUtcNow(), default);
                    return await db.SaveChangesAsync();
                });
            }
        }

        var starts = h.Starter.Starts.ToList();
        DateOnly LocalDate(Guid person, DateTimeOffset at) =>
            DateOnly.FromDateTime(LocalTime.LocalOf(at, TimeZoneInfo.FindSystemTimeZoneById(new[] { ann, bob, cat }.Single(p => p.Id == person).TimeZone!)));

        // Exactly once per due date, on that date where they live.
        Assert.Equal([new DateOnly(2028, 2, 29), new DateOnly(2029, 2, 28)], starts.Where(s => s.Start.PersonId == ann.Id).Select(s => LocalDate(ann.Id, s.At)));
        Assert.Equal([new DateOnly(2028, 6, 15)], starts.Where(s => s.Start.PersonId == bob.Id).Select(s => LocalDate(bob.Id, s.At)));
        Assert.Equal([new DateOnly(2028, 12, 31)], starts.Where(s => s.Start.PersonId == cat.Id).Select(s => LocalDate(cat.Id, s.At)));

        // Never in quiet hours where they live.
        var quiet = new QuietHours(new TimeOnly(21, 0), new TimeOnly(9, 0));
        Assert.All(starts, s =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(new[] { ann, bob, cat }.Single(p => p.Id == s.Start.PersonId).TimeZone!);
            Assert.False(quiet.IsQuiet(TimeOnly.FromDateTime(LocalTime.LocalOf(s.At, zone))));
        });

        // Completed or expired, each date moved on a year; 29 February became 28 February.
        Assert.Equal(new DateOnly(2030, 2, 28), (await h.PersonAsync(ann.Phone!)).NextCheckin);
        Assert.Equal(new DateOnly(2029, 6, 15), (await h.PersonAsync(bob.Phone!)).NextCheckin);
        Assert.Equal(new DateOnly(2029, 12, 31), (await h.PersonAsync(cat.Phone!)).NextCheckin);
        var invitations = await h.InvitationsAsync();
        Assert.Equal(2, invitations.Count(i => i.PersonId == ann.Id && i.Status == InvitationStatus.Completed));
        Assert.Equal(InvitationStatus.Expired, invitations.Single(i => i.PersonId == bob.Id).Status);
    }

    [Fact]
    public async Task CheckinJob_RunTwiceOnOneDay_InvitesOnce()
    {
        await using var h = await Harness.CreateAsync(backend: backend);
        await h.ImportAsync("phone,next_checkin\n07700 900601,2026-03-02\n07700 900602,2026-03-03\n07700 900603,2026-04-01\n");
        var today = new DateOnly(2026, 3, 2);
        Assert.Equal(2, await h.CheckinsAsync(today)); // today, and tomorrow for zones ahead of UTC
        Assert.Equal(0, await h.CheckinsAsync(today));
        Assert.Equal(2, (await h.InvitationsAsync()).Count);
    }

    [Fact]
    public async Task CheckinJob_BatchMeetingKeysAlreadyThere_MakesOnlyTheMissingRows()
    {
        await using var h = await Harness.CreateAsync(backend: backend);
        await h.ImportAsync("phone,next_checkin\n07700 900611,2026-03-02\n07700 900612,2026-03-02\n07700 900613,2026-03-02\n");
        var today = new DateOnly(2026, 3, 2);
        Assert.Equal(3, await h.CheckinsAsync(today));
        var first = await h.InvitationsAsync();
        // As if another server had written only some of this batch: one row goes missing.
        var gone = first[1];
        await h.Db(db => db.Invitations.Where(i => i.Id == gone.Id).ExecuteDeleteAsync());

        Assert.Equal(1, await h.CheckinsAsync(today));
        var after = await h.InvitationsAsync();
        Assert.Equal(3, after.Count);
        Assert.Equal(first.Select(i => i.IdempotencyKey).Order(), after.Select(i => i.IdempotencyKey).Order());
        // The two that were there are untouched (same ids and tokens), the missing one is new.
        Assert.Equal(2, after.Count(a => first.Any(f => f.Id == a.Id && f.Token == a.Token)));
        var made = after.Single(a => a.IdempotencyKey == gone.IdempotencyKey);
        Assert.Equal(gone.PersonId, made.PersonId);
        Assert.Equal(gone.NotBefore, made.NotBefore);
        Assert.Equal(gone.CheckinDate, made.CheckinDate);
        Assert.Equal(InvitationStatus.Pending, made.Status);
    }

    public sealed class OnSqlite() : CheckinJobTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : CheckinJobTests(server.DatabaseFor<OnPostgres>());
}
