using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CoProduction.Bot.Operations;

/// <summary>
/// Which reverse proxies may tell us the client's address, scheme and host (X-Forwarded-For,
/// -Proto, -Host). Only those: a header from anyone else is ignored, or a caller could pose as
/// another address (the chat token limit) or another host (the URL Twilio signs). With nothing
/// configured, a proxy on the same machine (loopback) is trusted. Each list takes indexed keys
/// (<c>ForwardedHeaders:KnownProxies:0</c>) or one comma-separated value.
/// </summary>
public sealed class ProxySettings
{
    public const string Section = "ForwardedHeaders";
    public const string ProxiesMessage = "ForwardedHeaders:KnownProxies must be IP addresses, like 10.0.0.5";
    public const string NetworksMessage = "ForwardedHeaders:KnownNetworks must be networks in CIDR form, like 10.0.0.0/24";
    public const string LimitMessage = "ForwardedHeaders:ForwardLimit must be a whole number from 1 to 10 (the proxies in front of the service)";

    public List<string> KnownProxies { get; } = [];
    public List<string> KnownNetworks { get; } = [];
    public List<string> AllowedHosts { get; } = [];
    public int ForwardLimit { get; set; } = 1;

    public void Read(IConfigurationSection section)
    {
        KnownProxies.AddRange(List(section.GetSection(nameof(KnownProxies))));
        KnownNetworks.AddRange(List(section.GetSection(nameof(KnownNetworks))));
        AllowedHosts.AddRange(List(section.GetSection(nameof(AllowedHosts))));
        ForwardLimit = int.TryParse(section[nameof(ForwardLimit)], out var limit) ? limit : section[nameof(ForwardLimit)] is null ? 1 : 0;
    }

    public bool ProxiesAreValid => KnownProxies.All(p => IPAddress.TryParse(p, out _));
    public bool NetworksAreValid => KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));
    public bool LimitIsValid => ForwardLimit is >= 1 and <= 10;

    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.ForwardLimit = ForwardLimit;
        if (KnownProxies.Count > 0 || KnownNetworks.Count > 0)
        {
            // Configured lists replace the loopback default: only the named proxies are trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
        if (AllowedHosts.Count > 0) options.AllowedHosts = AllowedHosts;
    }

    private static IEnumerable<string> List(IConfigurationSection section) =>
        (section.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0));
}
