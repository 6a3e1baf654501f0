using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using Microsoft.Bot.Builder;
using Microsoft.EntityFrameworkCore;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace CoProduction.Store.BotState;

/// <summary>
/// Bot Framework state (IStorage) in the shared store, so every node sees the same conversation
/// state. Behaves like Bot Framework's MemoryStorage: Newtonsoft JSON with type names, and
/// ETags where "*" (or none) means "write anyway" and any other value must match the stored one.
/// On SQLite writes wait their turn at the <see cref="StoreWriteGate"/>, as a turn's do.
/// </summary>
public sealed class StoreBotStorage(IDbContextFactory<StoreDbContext> contexts, StoreWriteGate writeGate) : IStorage
{
    // The settings Bot Framework recommends for its storages, so state objects come back as the
    // types that were written. The JSON only ever comes from our own store.
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.All,
        NullValueHandling = NullValueHandling.Include,
        ContractResolver = new DefaultContractResolver(),
        MaxDepth = null,
    });

    private static readonly CompiledPerModel<Func<StoreDbContext, string, CancellationToken, Task<BotStateItem?>>> OneKey =
        new(() => EF.CompileAsyncQuery((StoreDbContext db, string key, CancellationToken ct) =>
            db.BotStateItems.AsNoTracking().FirstOrDefault(i => i.Key == key)));

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One key is what every web chat and voice turn asks (the menu): compiled once, as EF otherwise
        // takes the query apart again on every call.
        var items = keys.Length == 1
            ? await OneKey.For(db)(db, keys[0], cancellationToken) is { } one ? [one] : []
            : await db.BotStateItems.AsNoTracking().Where(i => keys.Contains(i.Key)).ToListAsync(cancellationToken);

        var result = new Dictionary<string, object>();
        foreach (var item in items)
        {
            var json = JObject.Parse(item.Json);
            var value = json.ToObject<object>(Serializer);
            if (value is IStoreItem storeItem) storeItem.ETag = item.ETag;
            if (value is not null) result[item.Key] = value;
        }
        return result;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        try
        {
            await TryWriteAsync(changes, cancellationToken);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            // Two writes of the same new key at once (possible on PostgreSQL, where no gate queues
            // them, and across nodes): both found no row and both added one. Once more: the loser
            // now finds the winner's row and applies the ETag rule to it, as MemoryStorage would.
            await TryWriteAsync(changes, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node wrote the item between our read and our write.
            throw EtagConflict("(read)", "(changed since)");
        }
    }

    private async Task TryWriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The ETag check and the write, with no other writer between them on SQLite.
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var keys = changes.Keys.ToArray();
        var existing = await db.BotStateItems.Where(i => keys.Contains(i.Key)).ToDictionaryAsync(i => i.Key, cancellationToken);
        var anyway = new List<BotStateItem>();

        foreach (var (key, value) in changes)
        {
            var wanted = (value as IStoreItem)?.ETag;
            var etag = Guid.NewGuid().ToString("N");
            var json = JObject.FromObject(value, Serializer);
            json["ETag"] = etag;
            var text = json.ToString(Formatting.None);

            if (existing.TryGetValue(key, out var item))
            {
                if (string.IsNullOrEmpty(wanted) || wanted == "*")
                {
                    // "Write anyway": the last write stands, so no ETag check that a write of the
                    // same key at the same moment could fail.
                    db.Entry(item).State = EntityState.Detached;
                    anyway.Add(new BotStateItem { Key = key, Json = text, ETag = etag });
                    continue;
                }
                if (wanted != item.ETag) throw EtagConflict(wanted, item.ETag);
                item.Json = text;
                item.ETag = etag;
            }
            else
            {
                db.BotStateItems.Add(new BotStateItem { Key = key, Json = text, ETag = etag });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var jsonColumn = db.Model.FindEntityType(typeof(BotStateItem))!.FindProperty(nameof(BotStateItem.Json))!;
        foreach (var item in anyway)
        {
            // The same refusal SaveChanges' guard gives a value too long for its column.
            StoredValueGuard.CheckValue(jsonColumn, item.Json);
            await db.BotStateItems.Where(i => i.Key == item.Key)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Json, item.Json).SetProperty(i => i.ETag, item.ETag), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await db.BotStateItems.Where(i => keys.Contains(i.Key)).ExecuteDeleteAsync(cancellationToken);
    }

    // Bot Framework's own storages throw a plain Exception with this text on a conflict.
    private static Exception EtagConflict(string original, string current) =>
        new InvalidOperationException($"Etag conflict.\r\n\r\nOriginal: {original}\r\nCurrent: {current}");
}
