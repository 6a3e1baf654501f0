using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Operations;

/// <summary>
/// HTTPS outside Development: HSTS on every HTTPS response, and plain-HTTP requests redirected to
/// HTTPS when the service knows its HTTPS port (its own HTTPS address, or the HTTPS_PORT setting
/// behind a TLS proxy; without one, plain HTTP is served, as the redirect would, and said once). Runs after the forwarded headers, so a request the proxy received over
/// HTTPS counts as HTTPS and is never redirected again (no loop). Development (the README's
/// <c>dotnet run</c> on http) gets neither.
/// </summary>
public static class TransportSecurity
{
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services) =>
        // No includeSubDomains: other sites under the organisation's domain may not all have TLS.
        services.AddHsts(o => o.MaxAge = HstsMaxAge);

    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        if (app.Environment.IsDevelopment()) return app;
        app.UseHsts();
        // With no HTTPS port there is nowhere to redirect to (the README's plain `dotnet run` on
        // http): the redirect would let every request through and warn each time the service
        // starts; saying so once, plainly, is kinder. Known only once the server has its addresses.
        var httpsPort = new Lazy<bool>(() => HttpsPortKnown(app));
        // Health probes and metric scrapers call a node directly on its HTTP port: they must get
        // their answer, not a redirect to an address that only the proxy serves.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics") && httpsPort.Value,
            branch => branch.UseHttpsRedirection());
        return app;
    }

    /// <summary>Where the HTTPS redirect finds its port: its options, the HTTPS_PORT setting, or an https address the service listens on.</summary>
    private static bool HttpsPortKnown(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var known = app.Services.GetRequiredService<IOptions<HttpsRedirectionOptions>>().Value.HttpsPort is not null
            || !string.IsNullOrEmpty(app.Configuration["HTTPS_PORT"] ?? app.Configuration["ANCM_HTTPS_PORT"])
            || addresses.Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (!known)
        {
            app.Logger.LogInformation("Plain HTTP is served without a redirect: no HTTPS port is known. Behind a TLS proxy, set HTTPS_PORT (usually 443).");
        }
        return known;
    }
}
