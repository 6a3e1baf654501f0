using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Sends the SDK's requests (always to https://api.twilio.com/...) to <see cref="TwilioOptions.ApiBaseUrl"/>
/// instead, keeping their path and query: how the fault tests point the real service at a fake Twilio.
/// </summary>
public sealed class TwilioApiBaseUrlHandler(IOptionsMonitor<TwilioOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var configured = options.CurrentValue.ApiBaseUrl;
        // Left alone by default, so the SDK's regional hosts keep working.
        if (request.RequestUri is { } uri && !string.Equals(configured.TrimEnd('/'), TwilioOptions.DefaultApiBaseUrl, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = Rebase(uri, new Uri(configured));
        }
        return base.SendAsync(request, cancellationToken);
    }

    public static Uri Rebase(Uri request, Uri root) => new UriBuilder(request)
    {
        Scheme = root.Scheme,
        Host = root.Host,
        Port = root.Port,
        Path = root.AbsolutePath.TrimEnd('/') + request.AbsolutePath,
    }.Uri;
}
