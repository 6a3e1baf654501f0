using System.Text.RegularExpressions;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Checks on <see cref="VoiceOptions"/>, each with the message shown when the service refuses
/// to start: a wrong voice setting would otherwise only show up as a caller hearing an
/// application error.
/// </summary>
public static partial class VoiceOptionsValidation
{
    public const string LanguagesMessage =
        "Voice:Languages: every language needs a Voice (like Polly.Amy-Neural) and a Language with a region (like en-GB)";
    public const string DefaultLanguageMessage = "Voice:DefaultLanguage must be one of the languages under Voice:Languages, like en";
    public const string TimeoutMessage = "Voice:GatherTimeoutSeconds and Voice:SlowGatherTimeoutSeconds must be whole seconds from 1 to 60";
    public const string SpeechTimeoutMessage = "Voice:SpeechTimeout must be auto or whole seconds from 1 to 60";

    public static bool AreValidLanguages(VoiceOptions options) =>
        options.Languages.Count > 0
        && options.Languages.All(l =>
            !string.IsNullOrWhiteSpace(l.Key)
            && !string.IsNullOrWhiteSpace(l.Value.Voice)
            && LanguageTag().IsMatch(l.Value.Language ?? string.Empty)
            && (string.IsNullOrWhiteSpace(l.Value.SpeechLanguage) || LanguageTag().IsMatch(l.Value.SpeechLanguage)));

    public static bool IsValidDefaultLanguage(VoiceOptions options) =>
        !string.IsNullOrWhiteSpace(options.DefaultLanguage) && options.Languages.ContainsKey(options.DefaultLanguage);

    public static bool AreValidTimeouts(VoiceOptions options) =>
        options.GatherTimeoutSeconds is >= 1 and <= 60 && options.SlowGatherTimeoutSeconds is >= 1 and <= 60;

    public static bool IsValidSpeechTimeout(VoiceOptions options) =>
        string.Equals(options.SpeechTimeout, "auto", StringComparison.Ordinal)
        || (int.TryParse(options.SpeechTimeout, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 60);

    [GeneratedRegex(@"^[a-z]{2,3}-[A-Z]{2,3}(-[A-Za-z]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
