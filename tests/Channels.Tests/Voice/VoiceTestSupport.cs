using CoProduction.Channels.Voice;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoProduction.Channels.Tests.Voice;

/// <summary>Recorded call webhooks (under Voice/Fixtures) and a mapper with default settings.</summary>
internal static class VoiceTestSupport
{
    public static Dictionary<string, string> Form(string name) =>
        new FormReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Voice", "Fixtures", name)).Trim())
            .ReadForm().ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    public static TwilioVoiceMapper Mapper(VoiceOptions? options = null) =>
        new(new FixedMonitor<VoiceOptions>(options ?? new VoiceOptions()), new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero)));

    public static IOptionsMonitor<T> Monitor<T>(T value) => new FixedMonitor<T>(value);

    private sealed class FixedMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
