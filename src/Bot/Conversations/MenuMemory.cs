using CoProduction.Store.BotState;
using CoProduction.Store.Conversations;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// Remembers the menu we last offered a person (which language, which survey) between turns,
/// as a Bot Framework state item (key and JSON: <see cref="MenuItems"/>). It is only what the last
/// prompt offered, so losing it costs nothing worse than the menu being offered again; answers and
/// sessions live in the store proper. A web visitor's menu is read by the turn's own load and
/// written by its own save (one command, one transaction: ConversationStore.WebVisitor.cs); this
/// asks the state store only for what they did not do (a call, a turn the store saved otherwise).
/// </summary>
public sealed class MenuMemory(IStorage storage, ConversationStore conversations)
{
    public async Task<MenuState?> ReadAsync(ChannelAddress address, CancellationToken cancellationToken)
    {
        if (conversations.TryGetLoadedMenu(address, out var loaded)) return loaded;
        var key = MenuItems.Key(address);
        var items = await storage.ReadAsync([key], cancellationToken);
        return items.TryGetValue(key, out var item) && item is JObject json ? MenuItems.Read(json.ToString(Newtonsoft.Json.Formatting.None)) : null;
    }

    public Task WriteAsync(ChannelAddress address, MenuState? menu, CancellationToken cancellationToken)
    {
        if (conversations.SavedMenu(address)) return Task.CompletedTask;
        var key = MenuItems.Key(address);
        return menu is null
            ? storage.DeleteAsync([key], cancellationToken)
            : storage.WriteAsync(
                new Dictionary<string, object> { [key] = new JObject { ["kind"] = menu.Kind.ToString(), ["options"] = new JArray(menu.Options), ["eTag"] = "*" } },
                cancellationToken);
    }
}
