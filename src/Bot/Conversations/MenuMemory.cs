using CoProduction.Store.BotState;
using CoProduction.Store.Conversations;
using CoProduction.Surveys.Engine;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// Remembers the menu we last offered a person (which language, which survey) between turns, as
/// a Bot Framework state item (key and JSON: <see cref="MenuItems"/>, so menus written before stay
/// readable). It is only what the last prompt offered, so losing it costs nothing worse than the
/// menu being offered again; answers and sessions live in the store proper. A web visitor's menu
/// is read by the turn's own load and written by its own save (one command, one transaction:
/// ConversationStore.WebVisitor.cs); what they did not do (a call, a turn saved by EF) is one
/// prepared statement here.
/// </summary>
public sealed class MenuMemory(ConversationStore conversations)
{
    public async Task<MenuState?> ReadAsync(ChannelAddress address, CancellationToken cancellationToken) =>
        conversations.TryGetLoadedMenu(address, out var loaded) ? loaded : await conversations.ReadMenuAsync(address, cancellationToken);

    public Task WriteAsync(ChannelAddress address, MenuState? menu, CancellationToken cancellationToken) =>
        conversations.SavedMenu(address) ? Task.CompletedTask : conversations.WriteMenuAsync(address, menu, cancellationToken);
}
