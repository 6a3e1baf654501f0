using Microsoft.Bot.Builder;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// The bot a Direct Line request's turns run on, built only when a turn runs. A chat's start runs turns only
/// for a bot that hears "members added" on web chat (<see cref="IMembersAddedListener"/>). Where that answer is
/// known without building the bot (<see cref="DirectLineEndpoints.MapDirectLine"/>'s <c>membersAdded</c>), a
/// start that runs none builds none: the service's bot is scoped, with its pipeline, store and menu memory, and
/// was made for every start (a refused one too) only to be asked that one question.
/// </summary>
public sealed class DirectLineBot
{
    private readonly Func<IServiceProvider, IBot>? _factory;
    private readonly IServiceProvider? _services;
    private IBot? _bot;
    private bool? _hearsMembersAdded;

    private DirectLineBot(IBot? bot, Func<IServiceProvider, IBot>? factory, IServiceProvider? services, bool? hearsMembersAdded)
    {
        _bot = bot;
        _factory = factory;
        _services = services;
        _hearsMembersAdded = hearsMembersAdded;
    }

    /// <summary>A bot already built: it is asked whether it hears "members added".</summary>
    public static DirectLineBot Of(IBot bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return new DirectLineBot(bot, null, null, null);
    }

    /// <summary>
    /// A bot the factory builds from the request's services when a turn first needs it.
    /// <paramref name="hearsMembersAdded"/> is what the factory's bots say of "members added" on web chat, when
    /// known without building one; null asks the bot, which is then built for the question.
    /// </summary>
    public static DirectLineBot Later(Func<IServiceProvider, IBot> factory, IServiceProvider services, bool? hearsMembersAdded)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(services);
        return new DirectLineBot(null, factory, services, hearsMembersAdded);
    }

    /// <summary>The bot, built on first use.</summary>
    public IBot Bot => _bot ??= _factory!(_services!);

    /// <summary>Whether the bot acts on web chat's "members added" turns.</summary>
    public bool HearsMembersAdded => _hearsMembersAdded ??= Hears(Bot);

    /// <summary>Whether <paramref name="bot"/> acts on web chat's "members added" turns (a bot that does not say hears them, as on Azure).</summary>
    private static bool Hears(IBot bot) =>
        bot is not IMembersAddedListener listener || listener.HearsMembersAdded(DirectLineActivityMapper.ChannelId);
}
