using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CoProduction.Bot.Hosting;

/// <summary>
/// The web server's own settings. Kestrel's defaults stand (synchronous reads and writes of
/// bodies stay refused, its request limits as they are) except where written here.
/// </summary>
public static class ServerSettings
{
    public static IServiceCollection AddServerSettings(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(o =>
        {
            // "Server: Kestrel" told every caller (and every scanner) what answers them, and was
            // written into every response, a webhook's TwiML included, for nobody to read.
            o.AddServerHeader = false;
        });
}
