using System.Security.Cryptography;
using System.Text;
using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.WebChat;

/// <summary>
/// Web user ids for chat visitors. The server makes them (random, unguessable) and hands the page
/// a signed "visitor" value to keep in its own storage; the page sends it back next time and
/// resumes as the same person. The signature is why a page cannot claim someone else's id: the
/// id decides whose survey the bot carries on. Signed with a key derived from the Direct Line
/// secret, so it survives restarts without another secret to manage, and no cookie is needed
/// (which also makes it work inside an iframe on another organisation's site).
/// </summary>
public sealed class WebVisitors(IOptionsMonitor<DirectLineOptions> options)
{
    public const string UserIdPrefix = "web-";

    private static readonly byte[] KeyLabel = Encoding.UTF8.GetBytes("CoProduction web chat visitor v1");

    /// <summary>A new web user id.</summary>
    public static string NewUserId() =>
        UserIdPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The value a page keeps to come back as <paramref name="userId"/>.</summary>
    public string Sign(string userId) => userId + "." + Signature(userId);

    /// <summary>The user id in a visitor value, or null when it is missing, malformed or not ours.</summary>
    public string? Verify(string? visitor)
    {
        if (string.IsNullOrEmpty(visitor) || visitor.Length > 512) return null;
        var dot = visitor.LastIndexOf('.');
        if (dot <= 0) return null;
        var userId = visitor[..dot];
        var expected = Encoding.ASCII.GetBytes(Signature(userId));
        var given = Encoding.ASCII.GetBytes(visitor[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? userId : null;
    }

    private string Signature(string userId)
    {
        var secret = options.CurrentValue.Secret
            ?? throw new InvalidOperationException("DirectLine:Secret is not set; the host fills it before start.");
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret.Trim()), KeyLabel);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
