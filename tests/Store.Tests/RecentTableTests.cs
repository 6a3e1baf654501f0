using System.Runtime.CompilerServices;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;

namespace CoProduction.Store.Tests;

/// <summary>
/// The tables of recent results the turn keeps (parsed phone numbers, written states), which count
/// their own entries instead of asking the dictionary (which takes all its locks to count).
/// </summary>
public sealed class RecentTableTests
{
    [Fact]
    public void AFullTable_IsEmptied_AndKeepsTheNewEntry()
    {
        var table = new RecentTable<int, string>(limit: 10);
        for (var i = 0; i < 10; i++) table.Set(i, $"value {i}");
        Assert.Equal(10, table.Count);

        table.Set(10, "value 10");

        Assert.Equal(1, table.Count);
        Assert.True(table.TryGetValue(10, out var kept));
        Assert.Equal("value 10", kept);
        Assert.False(table.ContainsKey(0));
    }

    [Fact]
    public void AKeySetAgain_ReplacesItsValue_WithoutCountingTwice()
    {
        var table = new RecentTable<int, string>(limit: 10);
        for (var i = 0; i < 9; i++) table.Set(i, "first");
        for (var round = 0; round < 100; round++) table.Set(3, $"round {round}");

        // Still nine entries: the same key set 100 times did not fill the table and empty it.
        Assert.Equal(9, table.Count);
        Assert.True(table.TryGetValue(0, out _));
        Assert.True(table.TryGetValue(3, out var value));
        Assert.Equal("round 99", value);
    }

    [Fact]
    public void RemovedEntries_MakeRoomAgain()
    {
        var table = new RecentTable<int, string>(limit: 10);
        for (var i = 0; i < 9; i++) table.Set(i, "kept");
        for (var i = 1; i < 9; i++) table.Remove(i);
        for (var i = 100; i < 108; i++) table.Set(i, "new");

        // One left of the first nine and eight new ones: under the limit, so nothing was emptied.
        Assert.Equal(9, table.Count);
        Assert.True(table.ContainsKey(0));
        Assert.True(table.ContainsKey(107));
    }

    [Fact]
    public void AFullTableWithStaleEntries_DropsThemFirst_AndKeepsTheFreshOnes()
    {
        // Values below 100 are stale, as an expired web chat token is.
        var table = new RecentTable<int, int>(limit: 10, isStale: value => value < 100);
        for (var i = 0; i < 5; i++) table.Set(i, i);
        for (var i = 5; i < 10; i++) table.Set(i, 100 + i);

        table.Set(10, 110);

        // The five stale ones went; the five fresh ones and the new one stayed (6 of 10: under nine in ten).
        Assert.Equal(6, table.Count);
        Assert.False(table.ContainsKey(0));
        Assert.True(table.TryGetValue(5, out var fresh));
        Assert.Equal(105, fresh);
        Assert.True(table.ContainsKey(10));
    }

    [Fact]
    public void AFullTableWithTooFewStaleEntries_IsEmptied_AndKeepsTheNewEntry()
    {
        var table = new RecentTable<int, int>(limit: 10, isStale: value => value < 100);
        table.Set(0, 0);
        for (var i = 1; i < 10; i++) table.Set(i, 100 + i);

        table.Set(10, 110);

        // Dropping the one stale entry left nine in ten: all were forgotten, so the table cannot refill at once.
        Assert.Equal(1, table.Count);
        Assert.True(table.ContainsKey(10));
        Assert.False(table.ContainsKey(5));
    }

    [Fact]
    public void Clear_ForgetsEveryEntry_AndTheTableFillsToItsLimitAgain()
    {
        var table = new RecentTable<int, string>(limit: 10);
        for (var i = 0; i < 7; i++) table.Set(i, "before");

        table.Clear();
        for (var i = 100; i < 110; i++) table.Set(i, "after");

        // Counted from nothing after the clearing: ten kept, none emptied early.
        Assert.Equal(10, table.Count);
        Assert.False(table.ContainsKey(0));
        Assert.True(table.ContainsKey(100));
    }

    [Fact]
    public async Task ManyThreadsSettingAndRemovingAtOnce_KeepTheTableNearItsLimit()
    {
        const int limit = 64;
        var table = new RecentTable<(int, int), int>(limit);
        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                table.Set((t, i), i);
                if (i % 3 == 0) table.Remove((t, i - 1));
            }
        }));

        await Task.WhenAll(threads);

        // The count may miss an addition that raced a clearing, one a thread at most each time.
        Assert.InRange(table.Count, 1, limit + 8);
    }
}

/// <summary>
/// SQLite's memory statistics (a process-wide mutex around every allocation SQLite makes) are
/// turned off by the store before its first connection; the test process does what the service
/// does first thing (the store's connection string made ready before anything opens SQLite).
/// </summary>
public sealed class SqliteMemoryStatisticsTests
{
#pragma warning disable CA2255 // A test assembly: the point is to run before any test opens SQLite, as the service's store does.
    [ModuleInitializer]
    internal static void BeforeAnyConnection() => SqliteMemoryStatistics.TurnOff();
#pragma warning restore CA2255

    [Fact]
    public async Task WithTheStatisticsOff_TheStoreWorks_AndSQLiteCountsNoMemory()
    {
        Assert.True(SqliteMemoryStatistics.Off);
        await using var store = await TestStore.CreateAsync(SqliteBackend.Instance);
        await store.PublishAsync(SampleSurveys.Checkin());

        Assert.Equal(1, await store.Db(db => db.Surveys.CountAsync()));
        // SQLite has allocated pages, statements and caches by now; with its statistics off it counts none of them.
        Assert.Equal(0, raw.sqlite3_memory_used());
        // Asked again, it stays as it is.
        Assert.True(SqliteMemoryStatistics.TurnOff());
    }
}
