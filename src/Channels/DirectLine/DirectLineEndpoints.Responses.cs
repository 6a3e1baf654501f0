using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.DirectLine;

/// <summary>What Direct Line answers: the conversation with fresh tokens and its stream address, under the wire's JSON names.</summary>
public static partial class DirectLineEndpoints
{
    private static ConversationResponse ConversationBody(HttpRequest request, DirectLineTokens tokens, DirectLineCheckedTokens checkedTokens, DirectLineConversation conversation, DirectLineCaller caller, long? watermark)
    {
        // A token caller gets a fresh token for the same user (directlinejs adopts it); the
        // secret holder gets one for the conversation's own user, to hand to a browser. Both kept
        // as checked: the client opens the stream and posts with them at once.
        var userId = caller.Token?.UserId ?? conversation.UserId;
        return new ConversationResponse(
            conversation.Id,
            checkedTokens.Issue(conversation.Id, userId),
            ExpiresIn(tokens),
            StreamUrl(request, conversation.Id, checkedTokens.IssueStream(conversation.Id, userId), watermark),
            ReferenceGrammarId: null);
    }

    private static string StreamUrl(HttpRequest request, string conversationId, string streamToken, long? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{request.Host}{request.PathBase}{BasePath}/conversations/{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(streamToken)}";
        return watermark is { } w ? url + "&watermark=" + w.ToString(CultureInfo.InvariantCulture) : url;
    }

    /// <summary>
    /// The app's own base address, stamped on activities as their serviceUrl: the last one made is kept and
    /// given again while the request's scheme, host and base path are the ones it was made from (every
    /// message of a site's chats), rather than a new address parsed on every post.
    /// </summary>
    private static Uri ServiceUrl(HttpRequest request)
    {
        var (scheme, host, pathBase) = (request.Scheme, request.Host.Value ?? string.Empty, request.PathBase.Value ?? string.Empty);
        if (_lastServiceUrl is { } last && last.Scheme == scheme && last.Host == host && last.PathBase == pathBase) return last.Url;
        var url = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        _lastServiceUrl = new KeptServiceUrl(scheme, host, pathBase, url);
        return url;
    }

    private static KeptServiceUrl? _lastServiceUrl;

    private sealed record KeptServiceUrl(string Scheme, string Host, string PathBase, Uri Url);

    private static int ExpiresIn(DirectLineTokens tokens) => (int)tokens.Lifetime.TotalSeconds;

    private sealed record TokenResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    private sealed record ConversationResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("streamUrl")] string StreamUrl,
        [property: JsonPropertyName("referenceGrammarId")] string? ReferenceGrammarId);

    private sealed record PostResponse([property: JsonPropertyName("id")] string Id);
}
