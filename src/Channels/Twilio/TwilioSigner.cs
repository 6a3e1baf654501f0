using System.Security.Cryptography;
using System.Text;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// Computes X-Twilio-Signature the way Twilio does, so that tests and the local phone
/// simulator can send requests our own signature check accepts: base64 of HMAC-SHA1, keyed
/// with the auth token, over the full URL followed by each form field's name and value,
/// sorted by name (ordinal).
/// </summary>
public static class TwilioSigner
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);

        var data = new StringBuilder(url);
        if (form is not null)
        {
            foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                data.Append(key).Append(value);
            }
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }
}
