using Microsoft.AspNetCore.WebUtilities;

namespace CoProduction.Channels.Tests.Twilio;

/// <summary>Recorded Twilio webhook bodies (form-encoded) kept under Twilio/Fixtures.</summary>
internal static class WebhookFixtures
{
    public static string Raw(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Twilio", "Fixtures", name)).Trim();

    public static Dictionary<string, string> Form(string name) =>
        new FormReader(Raw(name)).ReadForm().ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    public static FormUrlEncodedContent Content(IEnumerable<KeyValuePair<string, string>> form) => new(form);
}
