using CoProduction.Store.Conversations;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// SQLite's write-ahead log under turns (SqliteDurability, TurnConnections): a connection that
/// kept a read open would stop every checkpoint part-way, and the WAL file would grow for as long
/// as turns go on. SQLite only: PostgreSQL has no such file. The background checkpoint that keeps
/// the file small is tested in SqliteCheckpointerTests.
/// </summary>
public sealed class SqliteWalTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(SqliteBackend.Instance);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task ManyTurnsAtOnce_LeaveNoReadOpen_SoACheckpointCopiesTheWholeWalBack()
    {
        var phones = Enumerable.Range(0, 16).Select(i => new ChannelAddress(Channel.Sms, $"+4477009001{i:D2}")).ToArray();
        var sessions = phones.ToDictionary(p => p, _ => Guid.NewGuid());
        foreach (var phone in phones)
        {
            await Turn(phone, $"SM-{phone.Phone}-0", Result(Session(sessions[phone], TestStore.Start), new SessionStarted(sessions[phone], "checkin", 1, "en", null)));
        }

        var outcomes = await Task.WhenAll(phones.Select(phone => Task.Run(async () =>
        {
            var saved = 0;
            for (var i = 1; i <= 25; i++)
            {
                var id = sessions[phone];
                var answer = Result(Session(id, TestStore.Start, questionIndex: i), Answer(id, "happy", $"answer {i}", "4"));
                if (await Turn(phone, $"SM-{phone.Phone}-{i}", answer) == SaveOutcome.Saved) saved++;
            }
            return saved;
        })));

        Assert.Equal(16 * 25, outcomes.Sum());
        Assert.Equal(16 * 25, await _store.Db(db => db.Answers.CountAsync()));
        // Every kept connection is idle now: nothing may still hold a snapshot the checkpoint must keep.
        var (busy, log, copied) = await CheckpointAsync("PASSIVE");
        Assert.Equal(0, busy);
        Assert.Equal(log, copied);
    }

    /// <summary>Load then save in one scope, as TurnPipeline does.</summary>
    private Task<SaveOutcome> Turn(ChannelAddress phone, string messageId, TurnResult result) =>
        _store.InScope(async sp =>
        {
            var store = sp.GetRequiredService<ConversationStore>();
            await store.LoadAsync(phone, CancellationToken.None);
            return await store.SaveTurnAsync(phone, messageId, "+447700900000", result, ["reply"], CancellationToken.None);
        });

    private Task<string> ConnectionStringAsync() => _store.Db(db => Task.FromResult(db.Database.GetConnectionString()!));

    /// <summary>SQLite's own report: busy, frames in the WAL, frames copied back to the database.</summary>
    [Theory]
    [InlineData(0, 0, 500, 100)]       // written but nothing new in the WAL: the longest wait
    [InlineData(400, 100, 100, 100)]   // 3,696 pages to go at 1,000 a second: capped at 100 ms
    [InlineData(3_800, 400, 100, 55)]  // 296 to go at 4,000 a second: three quarters of 74 ms
    [InlineData(4_000, 2_000, 100, 10)] // almost full and filling fast: the shortest wait
    public void TheWalIsLookedAtAgain_SoonerTheFasterItFills_NeverLaterThanThePassDue(long frames, long grew, int sinceMs, int expectedMs)
    {
        var store = new StoreOptions { CheckpointPages = 4096, CheckpointAfter = TimeSpan.FromSeconds(1) };
        var next = SqliteCheckpointer.NextLook(store, frames, grew, TimeSpan.FromMilliseconds(sinceMs), TimeSpan.Zero);
        Assert.Equal(expectedMs, next.TotalMilliseconds, 1.0);

        // A pass due in 30 ms (pages waiting since the last) comes first, whatever the rate.
        var due = SqliteCheckpointer.NextLook(store, Math.Max(frames, 1), grew, TimeSpan.FromMilliseconds(sinceMs), TimeSpan.FromMilliseconds(970));
        Assert.Equal(Math.Min(expectedMs, 30), due.TotalMilliseconds, 1.0);
    }

    private async Task<(long Busy, long Log, long Copied)> CheckpointAsync(string mode)
    {
        await using var connection = new SqliteConnection(await ConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
