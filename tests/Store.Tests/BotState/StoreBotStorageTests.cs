using CoProduction.Store.BotState;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.BotState;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class StoreBotStorageTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;
    private IStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        _storage = _store.Services.GetRequiredService<IStorage>();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public sealed class Note : IStoreItem
    {
        public string? Text { get; set; }
        public int Count { get; set; }
        public string? ETag { get; set; }
    }

    [Fact]
    public void TheRegisteredStorage_IsTheStoreOne()
    {
        Assert.IsType<StoreBotStorage>(_storage);
    }

    [Fact]
    public async Task WriteThenRead_GivesBackTheSameTypeWithAnETag()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k1"] = new Note { Text = "hi", Count = 2 } });

        var read = await _storage.ReadAsync(["k1", "missing"]);

        var note = Assert.IsType<Note>(Assert.Single(read).Value);
        Assert.Equal(("hi", 2), (note.Text, note.Count));
        Assert.False(string.IsNullOrEmpty(note.ETag));
    }

    [Fact]
    public async Task Write_RefusesAStaleETag_AndAcceptsTheCurrentOneOrStar()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k1"] = new Note { Text = "one" } });
        var current = (Note)(await _storage.ReadAsync(["k1"]))["k1"];
        await _storage.WriteAsync(new Dictionary<string, object> { ["k1"] = new Note { Text = "two", ETag = current.ETag } });

        var stale = new Note { Text = "stale", ETag = current.ETag };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => _storage.WriteAsync(new Dictionary<string, object> { ["k1"] = stale }));
        await _storage.WriteAsync(new Dictionary<string, object> { ["k1"] = new Note { Text = "forced", ETag = "*" } });

        Assert.Contains("Etag conflict", error.Message);
        Assert.Equal("forced", ((Note)(await _storage.ReadAsync(["k1"]))["k1"]).Text);
    }

    [Fact]
    public async Task Delete_RemovesOnlyTheGivenKeys()
    {
        await _storage.WriteAsync(new Dictionary<string, object> { ["k1"] = new Note { Text = "a" }, ["k2"] = new Note { Text = "b" } });

        await _storage.DeleteAsync(["k1"]);

        Assert.Equal(["k2"], (await _storage.ReadAsync(["k1", "k2"])).Keys);
    }

    [Fact]
    public async Task ManyWritesOfTheSameNewKeyAtOnce_AllSucceed_AndLeaveOneOfThem()
    {
        // Two chats' first turns on PostgreSQL (no write gate there) or two nodes: each found no
        // row and added one; the loser must not fail the person's turn.
        var texts = Enumerable.Range(0, 12).Select(i => $"writer {i}").ToArray();

        await Task.WhenAll(texts.Select(text => Task.Run(() =>
            _storage.WriteAsync(new Dictionary<string, object> { ["new-key"] = new Note { Text = text } }))));

        var kept = Assert.IsType<Note>(Assert.Single(await _storage.ReadAsync(["new-key"])).Value);
        Assert.Contains(kept.Text, texts);
    }

    public sealed class OnSqlite() : StoreBotStorageTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : StoreBotStorageTests(server.DatabaseFor<OnPostgres>());
}
