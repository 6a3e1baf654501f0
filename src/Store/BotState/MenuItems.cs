using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CoProduction.Store.Conversations;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoProduction.Store.BotState;

/// <summary>
/// The menu last offered at an address (which language, which survey), kept as a Bot Framework
/// state item (<see cref="BotStateItem"/>, key <c>menu/{channel}/{id}</c>): the one place its key
/// and its JSON live. The JSON is what Bot Framework's storage wrote for it, so menus written
/// before stay readable: <c>{"kind":"Survey","options":[...],"eTag":"*","ETag":"..."}</c>. A web
/// visitor's load reads it in the same command (ConversationStore.WebVisitor.cs) and the turn's
/// save writes it in the same transaction; every other turn goes through <see cref="StoreBotStorage"/>.
/// </summary>
public static class MenuItems
{
    public static string Key(ChannelAddress address) => $"menu/{address.Channel.ToName()}/{address.Id}";

    /// <summary>The menu in a stored item's JSON; null when there is none or it cannot be read (then the menu is offered again).</summary>
    public static MenuState? Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("kind", out var kindValue) || kindValue.ValueKind != JsonValueKind.String
                || !Enum.TryParse<MenuKind>(kindValue.GetString(), out var kind)
                || !root.TryGetProperty("options", out var optionsValue) || optionsValue.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var options = new List<string>(optionsValue.GetArrayLength());
            foreach (var option in optionsValue.EnumerateArray())
            {
                if (option.ValueKind == JsonValueKind.String) options.Add(option.GetString()!);
            }
            return options.Count > 0 ? new MenuState(kind, options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The item's JSON for a menu, as Bot Framework's storage writes a "write anyway" item.</summary>
    public static string Json(MenuState menu, string etag)
    {
        ArgumentNullException.ThrowIfNull(menu);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", menu.Kind.ToString());
            writer.WriteStartArray("options");
            foreach (var option in menu.Options) writer.WriteStringValue(option);
            writer.WriteEndArray();
            writer.WriteString("eTag", "*");
            writer.WriteString("ETag", etag);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The statements, written once per model from the EF model (<see cref="EntityColumns"/>).</summary>
    internal sealed class Statements
    {
        private static readonly ConditionalWeakTable<IModel, Statements> ByModel = new();

        private readonly EntityColumns _items;

        private Statements(StoreDbContext db)
        {
            var i = _items = EntityColumns.For<BotStateItem>(db);
            var (key, json, etag) = (i[nameof(BotStateItem.Key)], i[nameof(BotStateItem.Json)], i[nameof(BotStateItem.ETag)]);
            Select = $"SELECT {json} FROM {i.Table} WHERE {key} = @menu";
            // "Write anyway", as the menu was always written: the last write stands (the same on SQLite and PostgreSQL).
            Upsert = $"INSERT INTO {i.Table} ({key}, {json}, {etag}) VALUES (@menu, @json, @etag) "
                + $"ON CONFLICT ({key}) DO UPDATE SET {json} = excluded.{json}, {etag} = excluded.{etag}";
            Delete = $"DELETE FROM {i.Table} WHERE {key} = @menu";
        }

        public static Statements For(StoreDbContext db) => ByModel.GetValue(db.Model, _ => new Statements(db));

        /// <summary>One result set: the item's JSON, or no row.</summary>
        public string Select { get; }

        public string Upsert { get; }

        public string Delete { get; }

        /// <summary>The menu's key, looked up (not checked: a key the store cannot hold finds nothing).</summary>
        public DbParameter KeyParameter(ChannelAddress address) =>
            _items.Value(nameof(BotStateItem.Key), "@menu", Key(address), check: false);

        /// <summary>The write of <paramref name="menu"/> at the address (its removal when null), its values checked as a SaveChanges checks them.</summary>
        public (string Sql, DbParameter[] Parameters) Write(ChannelAddress address, MenuState? menu)
        {
            if (menu is null) return (Delete, [KeyParameter(address)]);
            var etag = Guid.NewGuid().ToString("N");
            return (Upsert,
            [
                _items.Value(nameof(BotStateItem.Key), "@menu", Key(address)),
                _items.Value(nameof(BotStateItem.Json), "@json", Json(menu, etag)),
                _items.Value(nameof(BotStateItem.ETag), "@etag", etag),
            ]);
        }
    }
}
