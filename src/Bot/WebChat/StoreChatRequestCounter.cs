using System.Security.Cryptography;
using System.Text;
using CoProduction.Channels.DirectLine;
using CoProduction.Store.Limits;

namespace CoProduction.Bot.WebChat;

/// <summary>
/// Chat token and conversation requests counted per client address in the shared store, so the
/// limit holds however many nodes answer. The address is kept only as a hash: the count needs
/// to tell addresses apart, not to know them.
/// </summary>
public sealed class StoreChatRequestCounter(RateCounters counters) : IDirectLineRequestCounter
{
    public async ValueTask<int> CountAsync(string client, DateTimeOffset windowStart, CancellationToken cancellationToken) =>
        await counters.IncrementAsync(KeyFor(client), windowStart, cancellationToken);

    public static string KeyFor(string client)
    {
        // "chat:" and the first 16 bytes of the address's SHA-256 in upper-case hex, made as one string (two counts a visitor).
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetByteCount(client);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(client, bytes);
        SHA256.HashData(bytes, hash);
        return string.Create(5 + 32, hash[..16].ToArray(), static (text, first) =>
        {
            "chat:".CopyTo(text);
            Convert.TryToHexString(first, text[5..], out _);
        });
    }
}
