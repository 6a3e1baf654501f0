namespace CoProduction.Bot.Operations;

/// <summary>
/// HTTPS outside Development: HSTS on every HTTPS response, and plain-HTTP requests redirected to
/// HTTPS when the service knows its HTTPS port (its own HTTPS address, or the HTTPS_PORT setting
/// behind a TLS proxy). Runs after the forwarded headers, so a request the proxy received over
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
        // Health probes and metric scrapers call a node directly on its HTTP port: they must get
        // their answer, not a redirect to an address that only the proxy serves.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"),
            branch => branch.UseHttpsRedirection());
        return app;
    }
}
