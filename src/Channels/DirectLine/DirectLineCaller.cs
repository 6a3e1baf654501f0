using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Who is calling: the secret holder (a server, reaching every conversation) or a token holder
/// (a browser, reaching only its token's conversation).
/// </summary>
public sealed record DirectLineCaller(bool HoldsSecret, DirectLineTokenClaims? Token)
{
    /// <summary>Reads "Authorization: Bearer ..."; the error is ready to return when it fails.</summary>
    public static (DirectLineCaller? Caller, IResult? Error) FromRequest(HttpRequest request, DirectLineTokens tokens) =>
        FromRequest(request, tokens, checkedTokens: null);

    /// <summary>
    /// As <see cref="FromRequest(HttpRequest, DirectLineTokens)"/>; with <paramref name="checkedTokens"/>, a token
    /// this node checked before is taken from what was kept (its expiry compared again), not checked again.
    /// </summary>
    public static (DirectLineCaller? Caller, IResult? Error) FromRequest(HttpRequest request, DirectLineTokens tokens, DirectLineCheckedTokens? checkedTokens)
    {
        var bearer = BearerOf(request);
        if (bearer is null)
        {
            return (null, DirectLineErrors.Forbidden("Send \"Authorization: Bearer\" with the Direct Line secret or a token."));
        }

        // A visitor's every request: the token kept from its first check (the secret is never kept).
        if (checkedTokens is not null && checkedTokens.TryKept(bearer, DirectLineTokens.ConversationPurpose, out var kept))
        {
            return FromToken(kept);
        }

        if (tokens.IsSecret(bearer))
        {
            return (new DirectLineCaller(true, null), null);
        }

        return FromToken(checkedTokens is null
            ? tokens.Check(bearer, DirectLineTokens.ConversationPurpose)
            : checkedTokens.Check(bearer, DirectLineTokens.ConversationPurpose));
    }

    public static (DirectLineCaller? Caller, IResult? Error) FromToken(DirectLineTokenCheck check) => check.Status switch
    {
        DirectLineTokenStatus.Valid => (new DirectLineCaller(false, check.Claims), null),
        DirectLineTokenStatus.Expired => (null, DirectLineErrors.Expired()),
        _ => (null, DirectLineErrors.Forbidden("This secret or token is not valid here.")),
    };

    /// <summary>Null when allowed; otherwise the 403 to return.</summary>
    public IResult? CheckConversation(string conversationId) =>
        HoldsSecret || string.Equals(Token?.ConversationId, conversationId, StringComparison.Ordinal)
            ? null
            : DirectLineErrors.Forbidden("This token is for a different conversation.");

    public static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = header[scheme.Length..].Trim();
        return value.Length == 0 ? null : value;
    }
}
