using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Tokens this node has checked already, by their exact text. A visitor sends the same token with
/// every post and every poll for up to half an hour, and checking it again each time (its
/// signature, two base64 decodings and its JSON) is work a chat message need not repeat. Only
/// valid tokens are kept, with their claims; each use still compares the expiry with the clock,
/// so a kept token that has expired is refused as <see cref="DirectLineTokenStatus.Expired"/>, as
/// <see cref="DirectLineTokens.Check"/> refuses it. A token is kept for the purpose it was issued
/// for only (a stream token stays refused as a Bearer token). A change of the secret, which
/// invalidates every token, empties the kept ones. Nothing is shared between nodes: each checks a
/// token the first time it sees it.
/// </summary>
public sealed class DirectLineCheckedTokens(DirectLineTokens tokens, IOptionsMonitor<DirectLineOptions> options, TimeProvider time)
{
    /// <summary>
    /// At most this many kept, a few hundred bytes each; past it, all are forgotten and checked
    /// again when next used (a burst of new visitors cannot grow the memory without end).
    /// </summary>
    public const int MaxKept = 10_000;

    // The check itself is kept (its claims with it), so a kept token costs no allocation.
    private readonly ConcurrentDictionary<string, DirectLineTokenCheck> _kept = new(StringComparer.Ordinal);
    private volatile string? _secret;

    /// <summary>As <see cref="DirectLineTokens.Check"/>, from what was kept when this token was checked before.</summary>
    public DirectLineTokenCheck Check(string? token, string purpose)
    {
        if (string.IsNullOrEmpty(token)) return DirectLineTokenCheck.Invalid;
        if (TryKept(token, purpose, out var kept)) return kept;
        var check = tokens.Check(token, purpose);
        if (check.IsValid)
        {
            if (_kept.Count >= MaxKept) _kept.Clear();
            _kept[token] = check;
        }

        return check;
    }

    /// <summary>
    /// The outcome for a token checked and kept before; false for anything else (a token not seen
    /// yet, the secret, a forgery), which the caller then checks in full.
    /// </summary>
    public bool TryKept(string token, string purpose, out DirectLineTokenCheck check)
    {
        ArgumentNullException.ThrowIfNull(token);
        var secret = options.CurrentValue.Secret;
        if (!string.Equals(secret, _secret, StringComparison.Ordinal))
        {
            // Tokens signed with another secret's key are no longer valid.
            _kept.Clear();
            _secret = secret;
        }

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
            _kept.TryRemove(token, out _);
            check = DirectLineTokenCheck.Expired;
        }
        else
        {
            check = kept;
        }

        return true;
    }
}
