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
/// as turns go on. SQLite only: PostgreSQL has no such file.
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

    [Fact]
    public async Task AWalGrownPastTheLimit_IsCutBackToIt_ByTheNextTurnsOnceCheckpointed()
    {
        var phone = new ChannelAddress(Channel.Sms, "+447700900200");
        var id = Guid.NewGuid();
        await Turn(phone, "SM0", Result(Session(id, TestStore.Start), new SessionStarted(id, "checkin", 1, "en", null)));
        // One large write (as a people import's batch can be) grows the WAL well past the limit.
        await using (var bulk = new SqliteConnection(await ConnectionStringAsync()))
        {
            await bulk.OpenAsync();
            await using var fill = bulk.CreateCommand();
            fill.CommandText = "CREATE TABLE Filler (Data BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
                + "INSERT INTO Filler SELECT randomblob(12000) FROM n;";
            await fill.ExecuteNonQueryAsync();
        }
        Assert.True(new FileInfo(WalFile(await ConnectionStringAsync())).Length > SqliteDurability.WalSizeLimit + (4 << 20));

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(SaveOutcome.Saved, await Turn(phone, $"SM{i}", Result(Session(id, TestStore.Start, questionIndex: i), Answer(id, "happy", "four", "4"))));
        }

        Assert.InRange(new FileInfo(WalFile(await ConnectionStringAsync())).Length, 1, SqliteDurability.WalSizeLimit);
        Assert.Equal(3, await _store.Db(db => db.Answers.CountAsync()));
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

    private static string WalFile(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource + "-wal";

    /// <summary>SQLite's own report: busy, frames in the WAL, frames copied back to the database.</summary>
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
