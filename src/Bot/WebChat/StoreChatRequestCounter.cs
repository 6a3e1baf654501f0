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

    public static string KeyFor(string client) =>
        "chat:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(client)))[..32];
}
