using CoProduction.Store.Conversations;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// Remembers the menu we last offered a person (which language, which survey) between turns,
/// in the Bot Framework state store. It is only what the last prompt offered, so losing it costs
/// nothing worse than the menu being offered again; answers and sessions live in the store proper.
/// </summary>
public sealed class MenuMemory(IStorage storage)
{
    private static string Key(ChannelAddress address) => $"menu/{address.Channel.ToName()}/{address.Id}";

    public async Task<MenuState?> ReadAsync(ChannelAddress address, CancellationToken cancellationToken)
    {
        var items = await storage.ReadAsync([Key(address)], cancellationToken);
        if (!items.TryGetValue(Key(address), out var item) || item is not JObject json) return null;
        var kind = Enum.TryParse<MenuKind>((string?)json["kind"], out var k) ? k : (MenuKind?)null;
        var options = json["options"] is JArray array ? array.Select(o => (string?)o).OfType<string>().ToList() : null;
        return kind is { } known && options is { Count: > 0 } ? new MenuState(known, options) : null;
    }

    public Task WriteAsync(ChannelAddress address, MenuState? menu, CancellationToken cancellationToken) =>
        menu is null
            ? storage.DeleteAsync([Key(address)], cancellationToken)
            : storage.WriteAsync(
                new Dictionary<string, object> { [Key(address)] = new JObject { ["kind"] = menu.Kind.ToString(), ["options"] = new JArray(menu.Options), ["eTag"] = "*" } },
                cancellationToken);
}
