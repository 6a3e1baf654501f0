using System.Text;
using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Builds the URLs Twilio will call next in a call (the &lt;Gather&gt; action and the no-input
/// &lt;Redirect&gt;). The signature check rebuilds the URL Twilio signed from
/// Twilio:PublicBaseUrl (or the request's own URL) plus path and raw query string, so these
/// URLs are built from the same parts and every value is percent-encoded once, here: what we
/// write is exactly what Twilio calls and signs.
/// </summary>
public sealed record VoiceLinks(string GatherUrl, string? Invitation, int NextTurn)
{
    /// <summary>The path segment added to the call webhook's path for answers: /twilio/voice/gather.</summary>
    public const string GatherSegment = "/gather";

    /// <summary>
    /// Links for the turn after <paramref name="request"/>. The gather URL sits under whatever
    /// path the host mapped the call webhook to. With a public base URL it is absolute (a
    /// proxy may hide a path prefix Twilio must keep); without one it is root-relative, and
    /// Twilio resolves it against the URL it just called.
    /// </summary>
    public static VoiceLinks For(HttpRequest request, string? publicBaseUrl, string? invitation, int nextTurn)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.PathBase.Add(request.Path).ToUriComponent().TrimEnd('/');
        if (!path.EndsWith(GatherSegment, StringComparison.Ordinal))
        {
            path += GatherSegment;
        }

        var url = string.IsNullOrEmpty(publicBaseUrl) ? path : publicBaseUrl.TrimEnd('/') + path;
        return new VoiceLinks(url, invitation, nextTurn);
    }

    /// <summary>The URL for the next request, carrying what it needs in its query string.</summary>
    public string Next(bool noInput, string? language, IEnumerable<string> choiceValues)
    {
        ArgumentNullException.ThrowIfNull(choiceValues);
        var query = new StringBuilder();
        void Add(string name, string value) =>
            query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));

        if (!string.IsNullOrEmpty(Invitation)) Add(VoiceQuery.Invitation, Invitation);
        Add(VoiceQuery.Turn, NextTurn.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(language)) Add(VoiceQuery.Language, language);
        if (noInput) Add(VoiceQuery.NoInput, "1");
        foreach (var value in choiceValues.Take(VoiceQuery.MaxKeyedChoices))
        {
            Add(VoiceQuery.Choice, value);
        }

        return GatherUrl + query;
    }
}
