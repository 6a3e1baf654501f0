namespace CoProduction.Channels.Voice;

/// <summary>How one language sounds and is heard on a call.</summary>
public sealed class VoiceLanguageOptions
{
    /// <summary>The &lt;Say&gt; voice, e.g. "Polly.Amy-Neural". Must be able to speak <see cref="Language"/>.</summary>
    public string Voice { get; set; } = string.Empty;

    /// <summary>The &lt;Say&gt; language, e.g. "en-GB". Twilio wants language and region, never "en" alone.</summary>
    public string Language { get; set; } = string.Empty;

    /// <summary>
    /// The &lt;Gather&gt; speech-recognition language. Unset means <see cref="Language"/>. Kept
    /// separate because the recognisers cover fewer languages than the voices do: if Twilio
    /// reports warning 13331/13512 for Welsh, set this to "en-GB" and keys still work.
    /// </summary>
    public string? SpeechLanguage { get; set; }

    /// <summary>The wording that reads a question's choices out (see <see cref="VoiceChoiceWording"/>).</summary>
    public string PressWord { get; set; } = "Press";

    public string ForWord { get; set; } = "for";

    public string OrSayYourAnswer { get; set; } = "or say your answer.";

    public string EffectiveSpeechLanguage => string.IsNullOrWhiteSpace(SpeechLanguage) ? Language : SpeechLanguage;
}
