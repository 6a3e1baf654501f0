using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Tokens this node has checked already, by their exact text. A visitor sends the same token with
/// every post and every poll for up to half an hour, and checking it again each time (its
/// signature, two base64 decodings and its JSON) is work a chat message need not repeat. Tokens this
/// node issues are kept as it issues them (<see cref="Issue"/>, <see cref="IssueStream"/>): a new visitor
/// uses each at once (the start, the stream, the first post), so none of its three tokens is read back
/// here. Only valid tokens are kept, with their claims; each use still compares the expiry with the clock,
/// so a kept token that has expired is refused as <see cref="DirectLineTokenStatus.Expired"/>, as
/// <see cref="DirectLineTokens.Check"/> refuses it. A token is kept for the purpose it was issued
/// for only (a stream token stays refused as a Bearer token). A change of the secret, which
/// invalidates every token, empties the kept ones. Nothing is shared between nodes: each checks a
/// token the first time it sees it (a token issued on another node is checked in full here).
/// </summary>
public sealed class DirectLineCheckedTokens(DirectLineTokens tokens, IOptionsMonitor<DirectLineOptions> options, TimeProvider time)
{
    /// <summary>
    /// At most this many kept, about 0.8 KB each (the token's text, some 600 bytes, its claims and the
    /// table's entry): at most about 1.7 MB. Past it, the expired ones are dropped, and when that leaves
    /// nine in ten or more, all are forgotten and checked again when next used (a burst of new visitors
    /// cannot grow the memory without end). A visitor's conversation token is the one used again and
    /// again; 2,048 is some 700 new visitors within a token's half hour on this node before any is checked
    /// twice. It was 10,000 (about 8 MB), filled by the memory soak's visitors within minutes and then
    /// emptied at once: the largest single thing the service held and then collected in its oldest generation.
    /// </summary>
    public const int MaxKept = 2_048;

    /// <summary>How many tokens are kept now, counted exactly (takes every one of the table's locks: for tests of the bound).</summary>
    public int Count => _kept.Count;

    // The check itself is kept (its claims with it), so a kept token costs no allocation. Full, the table drops the
    // expired ones first, and forgets all when that leaves nine in ten or more (RecentTable counts its own entries).
    private readonly RecentTable<string, DirectLineTokenCheck> _kept =
        new(MaxKept, StringComparer.Ordinal, isStale: check => time.GetUtcNow() >= check.Claims!.Expires);
    private volatile string? _secret;

    /// <summary>As <see cref="DirectLineTokens.Check"/>, from what was kept when this token was checked (or issued) before.</summary>
    public DirectLineTokenCheck Check(string? token, string purpose)
    {
        if (string.IsNullOrEmpty(token)) return DirectLineTokenCheck.Invalid;
        if (TryKept(token, purpose, out var kept)) return kept;
        var check = tokens.Check(token, purpose);
        if (check.IsValid && !IsStream(purpose)) Keep(token, check);
        return check;
    }

    /// <summary>
    /// A new conversation token, as <see cref="DirectLineTokens.Issue(string, string?)"/>, kept as checked: a
    /// visitor uses the token this node has just given it at once (the start with the token from "generate",
    /// the first post with the start's), and this node knows what it holds without reading it back.
    /// </summary>
    public string Issue(string conversationId, string? userId) => IssueKept(conversationId, userId, DirectLineTokens.ConversationPurpose);

    /// <summary>A new conversation token for the same conversation and user, valid for another full lifetime, kept as checked.</summary>
    public string Refresh(DirectLineTokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return Issue(claims.ConversationId, claims.UserId);
    }

    /// <summary>A new stream token, as <see cref="DirectLineTokens.IssueStream"/>, kept as checked (the stream opens with it at once).</summary>
    public string IssueStream(string conversationId, string? userId) => IssueKept(conversationId, userId, DirectLineTokens.StreamPurpose);

    private string IssueKept(string conversationId, string? userId, string purpose)
    {
        // The secret it is signed with, read before it is signed: a token kept under a secret already
        // replaced is forgotten with the others when the change is next noticed.
        SeeSecret();
        var (token, claims) = tokens.IssueWithClaims(conversationId, userId, purpose);
        Keep(token, new DirectLineTokenCheck(DirectLineTokenStatus.Valid, claims));
        return token;
    }

    private void Keep(string token, DirectLineTokenCheck check) => _kept.Set(token, check);

    private static bool IsStream(string purpose) => string.Equals(purpose, DirectLineTokens.StreamPurpose, StringComparison.Ordinal);

    private void SeeSecret()
    {
        var secret = options.CurrentValue.Secret;
        if (!string.Equals(secret, _secret, StringComparison.Ordinal))
        {
            // Tokens signed with another secret's key are no longer valid.
            _kept.Clear();
            _secret = secret;
        }
    }

    /// <summary>
    /// The outcome for a token checked and kept before; false for anything else (a token not seen
    /// yet, the secret, a forgery), which the caller then checks in full.
    /// </summary>
    public bool TryKept(string token, string purpose, out DirectLineTokenCheck check)
    {
        ArgumentNullException.ThrowIfNull(token);
        SeeSecret();

        if (!_kept.TryGetValue(token, out var kept))
        {
            check = DirectLineTokenCheck.Invalid;
            return false;
        }

        if (!string.Equals(kept.Claims!.Purpose, purpose, StringComparison.Ordinal))
        {
            check = DirectLineTokenCheck.Invalid;
        }
        else if (time.GetUtcNow() >= kept.Claims.Expires)
        {
            _kept.Remove(token);
            check = DirectLineTokenCheck.Expired;
        }
        else
        {
            check = kept;
            // A stream token opens its stream once (a client that reconnects asks for a new one), so it is
            // kept from its issue to that use only; used again, it is checked in full.
            if (IsStream(purpose)) _kept.Remove(token);
        }

        return true;
    }
}
