using CoProduction.Bot.Conversations;
using CoProduction.Bot.Hosting;
using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoProduction.Bot.WebChat;

public static class WebChatServices
{
    /// <summary>
    /// Web chat: Direct Line 3.0 with its conversations in the shared store (options from the "DirectLine" section; the secret from
    /// DirectLine:Secret or, when unset, a local one kept in the data folder), the chat page's
    /// visitor ids, and the invitation lookup (none until invitations are issued).
    /// </summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services)
    {
        // Conversations live in the shared store, so any node serves any chat (before
        // AddDirectLine, whose in-memory default then stands aside).
        services.TryAddSingleton<StoreDirectLineConversations>();
        services.TryAddSingleton<IDirectLineConversations>(sp => sp.GetRequiredService<StoreDirectLineConversations>());
        // Chat start limits per client address, counted in the store: they hold across nodes.
        services.TryAddSingleton<IDirectLineRequestCounter, StoreChatRequestCounter>();
        services.AddDirectLine();
        // Tokens are always signed: without a configured secret we sign with a local one, kept so
        // an open chat page keeps working across a restart.
        services.TryAddSingleton<LocalSecrets>();
        services.AddOptions<DirectLineOptions>()
            .PostConfigure<LocalSecrets>((options, secrets) =>
            {
                if (!LocalSecrets.IsSet(options.Secret)) options.Secret = secrets.LoadOrCreate(LocalDirectLineSecret.FileName);
            })
            .Validate(o => LocalSecrets.IsSet(o.Secret), LocalSecrets.Required("DirectLine:Secret"))
            .ValidateOnStart();
        services.AddSingleton<WebVisitors>();
        services.TryAddScoped<IChatInvitations, StoreChatInvitations>();
        return services;
    }

    /// <summary>
    /// The Direct Line middleware in the order it needs (WebSockets, CORS: after routing, before
    /// the endpoints), the endpoints under /v3/directline answered by SurveyBot in-process, and the
    /// chat page's token endpoint. The page itself is a Razor Page (/chat). The rate limiter runs
    /// once, from Program.cs: a second UseRateLimiter counted every chat start twice.
    /// </summary>
    public static WebApplication MapWebChat(this WebApplication app)
    {
        // The chat's stream is the service's one WebSocket: the middleware that offers the upgrade runs for its address
        // only, not for every chat post, token, webhook and page. Elsewhere a WebSocket request is answered as any
        // other request to its address is (never with a socket).
        app.UseWhen(static context => DirectLineEndpoints.IsStreamPath(context.Request.Path), static stream => stream.UseWebSockets());
        app.UseCors();

        // SurveyBot says without being built that it hears no "members added" on web chat: a chat's start builds none.
        app.MapDirectLine(sp => sp.GetRequiredService<SurveyBot>(), SurveyBot.MembersAdded);
        app.MapPost(ChatTokenEndpoint.Path, ChatTokenEndpoint.IssueAsync)
            .RequireRateLimiting(DirectLineRateLimiting.PolicyName)
            // Same origins as Direct Line, so an organisation's own page can embed Web Chat with this endpoint.
            .RequireCors(DirectLineServiceCollectionExtensions.CorsPolicyName)
            .DisableAntiforgery();
        return app;
    }
}
