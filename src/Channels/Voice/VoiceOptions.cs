namespace CoProduction.Channels.Voice;

/// <summary>
/// Settings from the "Voice" configuration section. Everything has a working default, so
/// phone surveys run with no configuration; the defaults are British English and Welsh
/// because those are the languages the surveys are written in.
/// </summary>
public sealed class VoiceOptions
{
    public const string SectionName = "Voice";

    /// <summary>
    /// Per language (the activity's Locale before any "-", e.g. "en", "cy"). Configuration
    /// binds into these entries, so setting Voice:Languages:cy:Voice keeps cy's other values.
    /// </summary>
    public Dictionary<string, VoiceLanguageOptions> Languages { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Amy is a British English Polly voice; the neural variant is clearer on a phone line.
        ["en"] = new VoiceLanguageOptions { Voice = "Polly.Amy-Neural", Language = "en-GB" },
        // Gwyneth is Polly's only Welsh voice (standard engine only).
        ["cy"] = new VoiceLanguageOptions
        {
            Voice = "Polly.Gwyneth",
            Language = "cy-GB",
            PressWord = "Pwyswch",
            ForWord = "am",
            OrSayYourAnswer = "neu dywedwch eich ateb.",
        },
    };

    /// <summary>Used when an activity has no Locale, or one we have no voice for.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>Seconds of silence before a &lt;Gather&gt; gives up (Twilio's own default is also 5).</summary>
    public int GatherTimeoutSeconds { get; set; } = 5;

    /// <summary>The longer wait for people whose record asks for a slower pace.</summary>
    public int SlowGatherTimeoutSeconds { get; set; } = 10;

    /// <summary>"auto" (Twilio decides when the caller has finished speaking) or whole seconds.</summary>
    public string SpeechTimeout { get; set; } = "auto";

    /// <summary>
    /// Twilio's speechModel attribute ("phone_call", "numbers_and_commands"...). Unset leaves
    /// Twilio's default, which supports the most languages.
    /// </summary>
    public string? SpeechModel { get; set; }

    /// <summary>The language settings for an activity's Locale ("cy", "cy-GB", null...).</summary>
    public VoiceLanguageOptions For(string? locale)
    {
        var key = LanguageKey(locale);
        if (key is not null && Languages.TryGetValue(key, out var language))
        {
            return language;
        }

        return Languages.TryGetValue(DefaultLanguage, out var fallback)
            ? fallback
            : new VoiceLanguageOptions { Voice = "Polly.Amy-Neural", Language = "en-GB" };
    }

    /// <summary>"cy-GB" -> "cy"; null or blank -> null.</summary>
    public static string? LanguageKey(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        var dash = locale.IndexOfAny(['-', '_']);
        return (dash > 0 ? locale[..dash] : locale).Trim().ToLowerInvariant();
    }
}
