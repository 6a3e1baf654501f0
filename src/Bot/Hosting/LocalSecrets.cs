using CoProduction.Channels;
using CoProduction.Store.Setup;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Hosting;

/// <summary>
/// The secrets the service may make for itself when none is configured (the Twilio development
/// token, the Direct Line secret, the staff key), kept in the data folder so they survive a
/// restart. Only for a store one node owns: on a shared store (PostgreSQL) each node would make
/// its own, so a webhook signed for one node, a chat token minted by another or the staff key
/// would fail at random. There the service refuses to start and names the missing setting.
/// </summary>
public sealed class LocalSecrets(DataDirectory data, IOptions<StoreOptions> store)
{
    public bool MayMakeSecrets => store.Value.ProviderKind != StoreProvider.Postgres;

    /// <summary>The secret kept in <paramref name="fileName"/> (made once), or null on a shared store.</summary>
    public string? LoadOrCreate(string fileName) =>
        MayMakeSecrets ? LocalSecret.LoadOrCreate(data.Path, fileName) : null;

    /// <summary>Whether the setting has a value (always true on one node, where one is made when missing).</summary>
    public static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

    /// <summary>The start-up message naming the setting that a shared store needs.</summary>
    public static string Required(string setting) =>
        $"{setting} must be set when Store:Provider is Postgres: every node must use the same value, so none is made up locally";
}
