using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// SQLite's group commit begins a batch's transaction on the writer's connection with a kept BEGIN IMMEDIATE
/// (TurnConnection.BeginBatchAsync), which Microsoft.Data.Sqlite does not know as a transaction. Code that begins
/// a transaction of its own on that connection meanwhile is refused with a message that says why, and the batch
/// is unharmed: it commits what it holds, and the connection takes transactions of its own again afterwards.
/// </summary>
public sealed class KeptTransactionTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();
    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_transaction_of_ones_own_on_the_writer_during_a_batch_is_refused_plainly_and_the_batch_still_commits()
    {
        var connections = _store.Services.GetRequiredService<TurnConnections>();
        await using var scope = _store.Scope();
        await using (var writer = await connections.OpenWriterAsync(new StoreContextLease(scope.ServiceProvider), default))
        {
            await writer.BeginBatchAsync(default);
            var outbox = EntityColumns.For<OutboxMessage>(connections.Model);
            var message = new OutboxMessage { Id = 1, To = "+447700900001", Channel = Channel.Sms, Body = "in the batch", At = TestStore.Start };
            await writer.WriteAsync([(outbox.Insert, outbox.InsertParameters(message))], default);
            var sqlite = Assert.IsAssignableFrom<SqliteConnection>(writer.Transaction!.Connection);

            var own = Assert.Throws<InvalidOperationException>(() => sqlite.BeginTransaction());
            Assert.Contains("batch of turns' transaction", own.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await sqlite.BeginTransactionAsync());
            var again = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.BeginAsync(default));
            Assert.Contains("already run in a batch's transaction", again.Message, StringComparison.Ordinal);

            await writer.CommitBatchAsync();

            // Out of the batch: a transaction of its own is the connection's again.
            using (var mine = sqlite.BeginTransaction()) mine.Rollback();
        }

        Assert.Equal(["in the batch"], await _store.Db(db => db.OutboxMessages.Select(m => m.Body).ToListAsync()));
    }
}
