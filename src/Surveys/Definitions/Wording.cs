namespace CoProduction.Surveys.Definitions;

/// <summary>
/// How a question is worded: the main text, an optional easy-read variant, and optional
/// overrides per channel (a voice prompt is often shorter; an SMS must fit one segment).
/// </summary>
public sealed record Wording(
    LocalizedText Text,
    LocalizedText? EasyRead,
    IReadOnlyDictionary<Channel, LocalizedText> PerChannel)
{
    public static Wording Plain(string english) =>
        new(LocalizedText.Of(english), null, new Dictionary<Channel, LocalizedText>());

    /// <summary>
    /// Picks the wording for one person: easy-read wins when they asked for it (the clearest
    /// words matter more than channel polish), then the channel's own wording, then the main text.
    /// </summary>
    public string Resolve(string language, Channel channel, bool easyRead)
    {
        if (easyRead && EasyRead is not null) return EasyRead.Get(language);
        if (PerChannel.TryGetValue(channel, out var channelText)) return channelText.Get(language);
        return Text.Get(language);
    }
}
