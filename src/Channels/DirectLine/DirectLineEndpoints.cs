using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Direct Line 3.0 under /v3/directline, as the official clients (directlinejs, Web Chat) use it:
/// every call carries "Authorization: Bearer" with the secret or a token; the conversation
/// JSON carries conversationId, token, expires_in and streamUrl; activity sets carry a string
/// watermark; reconnecting is GET conversations/{id}?watermark= and returns a fresh token and
/// streamUrl, which directlinejs adopts.
/// </summary>
public static partial class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";

    /// <summary>
    /// The stream's address (<c>/v3/directline/conversations/{conversationId}/stream</c>), the one WebSocket the endpoints
    /// open. Asked of every request, so read in place (PathString's StartsWithSegments with the rest made a string of it).
    /// </summary>
    public static bool IsStreamPath(PathString path) =>
        path.Value is { } value
        && value.StartsWith(BasePath + "/", StringComparison.OrdinalIgnoreCase)
        && value.AsSpan().TrimEnd('/').EndsWith("/stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>One activity as a whole (text, value, channelData, attachments): a survey answer is a few hundred bytes.</summary>
    public const long MaxActivityBody = 64 * 1024;

    /// <summary>
    /// Maps the endpoints. <paramref name="botFactory"/> picks the bot for each request; by
    /// default IBot is resolved from the request's services, when a turn first needs it (a start
    /// that runs none, a refused request and typing build none). <paramref name="membersAdded"/>, when
    /// given, says for every bot the factory makes whether it hears "members added" on web chat (asked
    /// once, here, and taken over what a bot says): a chat's start then builds its bot only for those
    /// turns. Without it, a new chat's start builds the bot to ask it.
    /// </summary>
    public static RouteGroupBuilder MapDirectLine(this IEndpointRouteBuilder endpoints, Func<IServiceProvider, IBot>? botFactory = null, IMembersAddedListener? membersAdded = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var bots = botFactory ?? (sp => sp.GetRequiredService<IBot>());
        var hearsMembersAdded = membersAdded?.HearsMembersAdded(DirectLineActivityMapper.ChannelId);

        var group = endpoints.MapGroup(BasePath).RequireCors(DirectLineServiceCollectionExtensions.CorsPolicyName);

        group.MapPost("/tokens/generate", (HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, CancellationToken ct) =>
            GenerateAsync(context, tokens, checkedTokens, ct))
            .RequireRateLimiting(DirectLineRateLimiting.PolicyName);

        group.MapPost("/tokens/refresh", (HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens) => Refresh(context, tokens, checkedTokens));

        // Tokens issued here are kept as checked (DirectLineCheckedTokens.Issue): a new visitor's start,
        // stream and first post each use one this node has just issued, and none is read back.
        // A store that counts a start in the start's own write (one commit, not two) takes the start off the
        // rate-limiting middleware: the same limit, per address and across nodes, counted in the store's write.
        var countsStarts = endpoints.ServiceProvider.GetService<IDirectLineConversations>() is { CountsStarts: true };
        var start = group.MapPost("/conversations", (HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, DirectLineAdapter adapter, IOptionsMonitor<DirectLineOptions> options, TimeProvider time, CancellationToken ct) =>
            StartAsync(context, tokens, checkedTokens, adapter, DirectLineBot.Later(bots, context.RequestServices, hearsMembersAdded), countsStarts ? options.CurrentValue.TokenRequestsPerMinute : null, time, ct));
        if (!countsStarts)
        {
            start.RequireRateLimiting(DirectLineRateLimiting.PolicyName);
        }

        // Every request of a conversation carries its token: checked once per node, then taken from
        // what was kept (DirectLineCheckedTokens), its expiry compared on every use.
        group.MapGet("/conversations/{conversationId}", (string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, CancellationToken ct) =>
            ReconnectAsync(conversationId, context, tokens, checkedTokens, conversations, ct));

        group.MapGet("/conversations/{conversationId}/activities", (string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, CancellationToken ct) =>
            GetActivitiesAsync(conversationId, context, tokens, checkedTokens, conversations, ct));

        group.MapPost("/conversations/{conversationId}/activities", (string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, DirectLineAdapter adapter, TimeProvider time, CancellationToken ct) =>
            PostActivityAsync(conversationId, context, tokens, checkedTokens, conversations, adapter, time, DirectLineBot.Later(bots, context.RequestServices, hearsMembersAdded), ct))
            .RequireRateLimiting(DirectLineMessageRateLimiting.PolicyName);

        group.MapGet("/conversations/{conversationId}/stream", (string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, IOptionsMonitor<DirectLineOptions> options, TimeProvider time) =>
            StreamAsync(conversationId, context, tokens, checkedTokens, conversations, options.CurrentValue, time));

        return group;
    }

    private static async Task<IResult> GenerateAsync(HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, CancellationToken ct)
    {
        if (!tokens.IsSecret(DirectLineCaller.BearerOf(context.Request)))
        {
            return DirectLineErrors.Forbidden("Generating a token needs \"Authorization: Bearer\" with the Direct Line secret.");
        }

        var (parameters, error) = await ReadTokenParametersAsync(context.Request, ct);
        if (error is not null)
        {
            return error;
        }

        var conversationId = DirectLineConversationIds.New();
        var userId = parameters?.User?.Id;
        return Results.Json(new TokenResponse(conversationId, checkedTokens.Issue(conversationId, userId), ExpiresIn(tokens)));
    }

    private static IResult Refresh(HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens)
    {
        var bearer = DirectLineCaller.BearerOf(context.Request);
        if (tokens.IsSecret(bearer))
        {
            return DirectLineErrors.Forbidden("Refresh needs a token, not the secret: the secret does not expire.");
        }

        var (caller, error) = DirectLineCaller.FromToken(checkedTokens.Check(bearer, DirectLineTokens.ConversationPurpose));
        if (error is not null)
        {
            return error;
        }

        var claims = caller!.Token!;
        return Results.Json(new TokenResponse(claims.ConversationId, checkedTokens.Refresh(claims), ExpiresIn(tokens)));
    }

    /// <param name="permits">Set when the start is counted in its own write (the store counts starts): the limit per address a minute.</param>
    private static async Task<IResult> StartAsync(HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, DirectLineAdapter adapter, DirectLineBot bot, int? permits, TimeProvider time, CancellationToken ct)
    {
        var (caller, error) = DirectLineCaller.FromRequest(context.Request, tokens, checkedTokens);
        if (error is not null)
        {
            return error;
        }

        string conversationId;
        ChannelAccount? user = null;
        if (caller!.HoldsSecret)
        {
            var (parameters, bodyError) = await ReadTokenParametersAsync(context.Request, ct);
            if (bodyError is not null)
            {
                return bodyError;
            }

            conversationId = DirectLineConversationIds.New();
            if (parameters?.User?.Id is { } id)
            {
                user = new ChannelAccount(id, parameters.User.Name, RoleTypes.User);
            }
        }
        else
        {
            // With a token, the conversation is the token's: starting it twice (a page reload)
            // returns the same conversation rather than a second one.
            conversationId = caller.Token!.ConversationId;
            if (caller.Token.UserId is { } id)
            {
                user = new ChannelAccount(id, null, RoleTypes.User);
            }
        }

        // Counted only once the caller is known (a request refused for its token or body is not a start).
        var count = permits is { } limit ? DirectLineStartCount.For(DirectLineRateLimiting.ClientOf(context), limit, time.GetUtcNow()) : null;
        if (await adapter.StartConversationAsync(conversationId, user, ServiceUrl(context.Request), bot, count, ct) is not { } start)
        {
            return DirectLineRateLimiting.TooManyStarts(context);
        }

        var body = ConversationBody(context.Request, tokens, checkedTokens, start.Conversation, caller, watermark: null);
        return start.IsNew ? Results.Json(body, statusCode: StatusCodes.Status201Created) : Results.Json(body);
    }

    private static async Task<IResult> ReconnectAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, CancellationToken ct)
    {
        var (caller, conversation, error) = await AuthorizeAsync(conversationId, context, tokens, checkedTokens, conversations, ct);
        if (error is not null)
        {
            return error;
        }

        if (!TryParseWatermark(context.Request, out var watermark))
        {
            return DirectLineErrors.BadRequest("The watermark must be a whole number from an earlier activity set.");
        }

        return Results.Json(ConversationBody(context.Request, tokens, checkedTokens, conversation!, caller!, watermark));
    }

    private static async Task<IResult> GetActivitiesAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, CancellationToken ct)
    {
        // No separate look-up of the conversation: the read says when it is gone (404), in the same query.
        var (caller, error) = DirectLineCaller.FromRequest(context.Request, tokens, checkedTokens);
        if (error is not null)
        {
            return error;
        }

        if (caller!.CheckConversation(conversationId) is { } forbidden)
        {
            return forbidden;
        }

        if (!DirectLineConversationIds.IsWellFormed(conversationId))
        {
            return DirectLineErrors.ConversationNotFound();
        }

        if (!TryParseWatermark(context.Request, out var watermark))
        {
            return DirectLineErrors.BadRequest("The watermark must be a whole number from an earlier activity set.");
        }

        // Right after the client's own post this node may answer from what it kept lately (no store read).
        var activities = await conversations.PollAsync(conversationId, watermark, ct);
        if (activities is null)
        {
            return DirectLineErrors.ConversationNotFound();
        }

        // With nothing new, the client's own watermark goes back, so it keeps its place.
        var latest = activities.Count > 0 ? activities[^1].Watermark : watermark;
        return new DirectLineActivitySetResult(activities, latest);
    }

    private static async Task<IResult> PostActivityAsync(
        string conversationId,
        HttpContext context,
        DirectLineTokens tokens,
        DirectLineCheckedTokens checkedTokens,
        IDirectLineConversations conversations,
        DirectLineAdapter adapter,
        TimeProvider time,
        DirectLineBot bot,
        CancellationToken ct)
    {
        var (caller, conversation, error) = await AuthorizeAsync(conversationId, context, tokens, checkedTokens, conversations, ct);
        if (error is not null)
        {
            return error;
        }

        var (json, bodyError) = await ReadBodyAsync(context.Request, MaxActivityBody, ct);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var inbound = DirectLineActivityMapper.Inbound(
            DirectLineJson.TryDeserialize(json ?? string.Empty),
            conversation!,
            caller!.Token?.UserId,
            adapter.BotAccount,
            ServiceUrl(context.Request),
            time.GetUtcNow());
        if (!inbound.Succeeded)
        {
            return DirectLineErrors.BadRequest(inbound.Problem!);
        }

        var id = await adapter.ReceiveActivityAsync(conversation!, inbound.Activity!, inbound.ClientActivityId, bot, ct);
        return id is null ? DirectLineErrors.ConversationNotFound() : Results.Json(new PostResponse(id));
    }

    private static async Task<IResult> StreamAsync(string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, DirectLineOptions options, TimeProvider time)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadRequest("This address is a WebSocket stream: open it with a WebSocket client.");
        }

        if (!IsAllowedOrigin(context.Request, options))
        {
            // Browsers do not apply CORS to WebSockets, so the origin is checked here.
            return DirectLineErrors.Forbidden("Pages from this web address may not open the chat stream.");
        }

        // Browsers cannot set headers on a WebSocket, hence the stream token in the URL ("t");
        // other clients may use the Authorization header instead.
        var streamToken = context.Request.Query["t"].ToString();
        var (caller, error) = streamToken.Length > 0
            ? DirectLineCaller.FromToken(checkedTokens.Check(streamToken, DirectLineTokens.StreamPurpose))
            : DirectLineCaller.FromRequest(context.Request, tokens, checkedTokens);
        if (error is not null)
        {
            return error;
        }

        if (caller!.CheckConversation(conversationId) is { } forbidden)
        {
            return forbidden;
        }

        // Subscribing is the check that the conversation is there (404 before the upgrade), and it
        // tells the stream whether there is any history to read: one look-up to open a stream.
        var subscription = await conversations.SubscribeAsync(conversationId, context.RequestAborted);
        if (subscription is null)
        {
            return DirectLineErrors.ConversationNotFound();
        }

        if (!TryParseWatermark(context.Request, out var watermark))
        {
            subscription.Dispose();
            return DirectLineErrors.BadRequest("The watermark must be a whole number from an earlier activity set.");
        }

        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        using (socket)
        {
            await DirectLineStream.RunAsync(socket, subscription, conversationId, watermark, conversations, options.KeepAliveInterval, time, context.RequestAborted);
        }

        return Results.Empty;
    }

    private static async Task<(DirectLineCaller? Caller, DirectLineConversation? Conversation, IResult? Error)> AuthorizeAsync(
        string conversationId, HttpContext context, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, IDirectLineConversations conversations, CancellationToken ct)
    {
        var (caller, error) = DirectLineCaller.FromRequest(context.Request, tokens, checkedTokens);
        if (error is not null)
        {
            return (null, null, error);
        }

        // Checked before looking the id up, so a token cannot probe which other conversations exist.
        if (caller!.CheckConversation(conversationId) is { } forbidden)
        {
            return (null, null, forbidden);
        }

        var conversation = DirectLineConversationIds.IsWellFormed(conversationId)
            ? await conversations.FindAsync(conversationId, ct)
            : null;
        return conversation is null ? (null, null, DirectLineErrors.ConversationNotFound()) : (caller, conversation, null);
    }
}
