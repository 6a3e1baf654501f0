using CoProduction.Store.Conversations;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// The background checkpoint (SqliteCheckpointer) as the host runs it: on SQLite it keeps the
/// write-ahead log small under turns that never stop, with loads reading on other connections all the
/// while (a reader on an older snapshot stops a checkpoint part-way, and a checkpoint that only ever ran
/// alongside the writers let the log grow for good); on PostgreSQL it does nothing. Runs on both.
/// </summary>
public abstract class SqliteCheckpointerTests(IStoreBackend backend) : IAsyncLifetime
{
    private const int Phones = 16;
    private const int TurnsEach = 40;
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        // The smallest WAL the settings allow, so a few hundred turns fill it many times over.
        _store = await TestStore.CreateAsync(backend, new Dictionary<string, string?> { ["Store:CheckpointPages"] = "100" });
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task UnderTurnsThatNeverStop_WithReadsOnOtherConnections_TheWalStartsAgainAndStaysSmall()
    {
        var checkpointer = _store.Services.GetRequiredService<SqliteCheckpointer>();
        await checkpointer.StartAsync(CancellationToken.None);
        var phones = Enumerable.Range(0, Phones).Select(i => new ChannelAddress(Channel.Sms, $"+4477009003{i:D2}")).ToArray();
        var sessions = phones.ToDictionary(p => p, _ => Guid.NewGuid());
        foreach (var phone in phones)
        {
            await Turn(phone, $"SM-{phone.Phone}-0", Result(Session(sessions[phone], TestStore.Start), new SessionStarted(sessions[phone], "checkin", 1, "en", null)));
        }

        using var stopReading = new CancellationTokenSource();
        // Loads while the gate is held run on kept connections other than the writer's: keep some going throughout.
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var reads = 0;
            while (!stopReading.IsCancellationRequested)
            {
                await _store.InScope(sp => sp.GetRequiredService<ConversationStore>().LoadAsync(phones[(r + reads) % Phones], CancellationToken.None));
                reads++;
            }
            return reads;
        })).ToArray();
        var saved = await Task.WhenAll(phones.Select(phone => Task.Run(async () =>
        {
            var count = 0;
            for (var i = 1; i <= TurnsEach; i++)
            {
                var id = sessions[phone];
                var answer = Result(Session(id, TestStore.Start, questionIndex: i), Answer(id, "happy", $"answer {i}", "4"));
                if (await Turn(phone, $"SM-{phone.Phone}-{i}", answer) == SaveOutcome.Saved) count++;
            }
            return count;
        })));
        await stopReading.CancelAsync();
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));

        Assert.Equal(Phones * TurnsEach, saved.Sum());
        Assert.Equal(Phones * TurnsEach, await _store.Db(db => db.Answers.CountAsync()));
        if (backend.ConcurrentWriters)
        {
            // PostgreSQL: nothing to checkpoint, and the service stopped at once.
            Assert.True(checkpointer.ExecuteTask?.IsCompleted);
            Assert.Null(await checkpointer.CheckpointAsync(CancellationToken.None));
        }
        else
        {
            // 640 turns wrote about 7,000 pages (29-36 MB of log when it never started again); the checkpointer
            // starts it again every ~100 pages, so the file stays far smaller (a loaded machine lets it run late, so
            // the bound is generous: 2,500 pages).
            var wal = WalFile(await ConnectionStringAsync());
            Assert.InRange(new FileInfo(wal).Length, 1, 2_500 * 4_120);
            // And what is in it now is copied back by the next pass: nothing is left behind.
            var pass = await checkpointer.CheckpointAsync(CancellationToken.None);
            Assert.NotNull(pass);
            Assert.Equal(pass.LogPages, pass.CopiedPages);
        }
        await checkpointer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AWalGrownByOneLargeWrite_IsCopiedBackAndCutToTheLimit_OnceTheCheckpointerHasRun()
    {
        var checkpointer = _store.Services.GetRequiredService<SqliteCheckpointer>();
        var phone = new ChannelAddress(Channel.Sms, "+447700900200");
        var id = Guid.NewGuid();
        await Turn(phone, "SM0", Result(Session(id, TestStore.Start), new SessionStarted(id, "checkin", 1, "en", null)));
        if (backend.ConcurrentWriters)
        {
            Assert.Null(await checkpointer.CheckpointAsync(CancellationToken.None));
            return;
        }
        // One large write (as a people import's batch can be) grows the WAL well past the limit.
        await using (var bulk = new SqliteConnection(await ConnectionStringAsync()))
        {
            await bulk.OpenAsync();
            await using var fill = bulk.CreateCommand();
            fill.CommandText = "CREATE TABLE Filler (Data BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3200) "
                + "INSERT INTO Filler SELECT randomblob(12000) FROM n;";
            await fill.ExecuteNonQueryAsync();
        }
        var wal = WalFile(await ConnectionStringAsync());
        Assert.True(new FileInfo(wal).Length > SqliteDurability.WalSizeLimit + (4 << 20));

        var pass = await checkpointer.CheckpointAsync(CancellationToken.None);
        Assert.Equal(new SqliteCheckpointer.Pass(true, pass!.LogPages, pass.LogPages), pass);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(SaveOutcome.Saved, await Turn(phone, $"SM{i}", Result(Session(id, TestStore.Start, questionIndex: i), Answer(id, "happy", "four", "4"))));
        }

        Assert.InRange(new FileInfo(wal).Length, 1, SqliteDurability.WalSizeLimit);
        Assert.Equal(3, await _store.Db(db => db.Answers.CountAsync()));
    }

    [Fact]
    public async Task ATurnAfterAQuietSpell_IsCopiedBackToTheDatabaseFile_WithNoMoreTurnsAfterIt()
    {
        var checkpointer = _store.Services.GetRequiredService<SqliteCheckpointer>();
        await checkpointer.StartAsync(CancellationToken.None);
        var phone = new ChannelAddress(Channel.Sms, "+447700900201");
        var id = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await Turn(phone, "SM0", Result(Session(id, TestStore.Start), new SessionStarted(id, "checkin", 1, "en", null))));
        if (backend.ConcurrentWriters)
        {
            Assert.Null(await checkpointer.CheckpointAsync(CancellationToken.None));
            return;
        }
        var shm = WalFile(await ConnectionStringAsync())[..^4] + "-shm";
        await Until(() => Copied(shm) is (> 0, var frames, var copied) && copied == frames);

        // Quiet for longer than a pass's interval: the checkpointer sleeps until a write comes through the gate.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(SaveOutcome.Saved, await Turn(phone, "SM1", Result(Session(id, TestStore.Start, questionIndex: 1), Answer(id, "happy", "four", "4"))));

        // Woken by that one commit, it copies it back without another turn to look again.
        await Until(() => Copied(shm) is (_, var frames, var copied) && copied == frames);
        Assert.Equal(1, await _store.Db(db => db.Answers.CountAsync()));
        await checkpointer.StopAsync(CancellationToken.None);
    }

    /// <summary>The wal-index header's frames in the WAL and frames copied back (https://sqlite.org/walformat.html).</summary>
    private static (int Read, uint Frames, uint Copied) Copied(string shm)
    {
        using var file = new FileStream(shm, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[100];
        var read = file.Read(header, 0, header.Length);
        return (read, BitConverter.ToUInt32(header, 16), BitConverter.ToUInt32(header, 96));
    }

    private static async Task Until(Func<bool> done)
    {
        for (var tries = 0; !done(); tries++)
        {
            Assert.True(tries < 300, "The checkpointer never copied the WAL back.");
            await Task.Delay(50);
        }
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

    public sealed class OnSqlite() : SqliteCheckpointerTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SqliteCheckpointerTests(server.DatabaseFor<OnPostgres>());
}
