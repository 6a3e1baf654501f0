namespace CoProduction.Surveys.Engine;

/// <summary>
/// Everything the engine needs to know about one person between turns: their preferences,
/// whether they opted out, and their open session if any.
/// </summary>
public sealed record ConversationState
{
    /// <summary>The person's preferred language ("en", "cy"), when known.</summary>
    public string? Language { get; init; }

    /// <summary>The person asked for easy-read wording.</summary>
    public bool EasyRead { get; init; }

    /// <summary>The person asked for a slower pace on calls: more time to answer, easy-read wording.</summary>
    public bool SlowPace { get; init; }

    /// <summary>The person opted out (STOP, the carrier, staff) and has not opted back in since.</summary>
    public bool OptedOut { get; init; }

    /// <summary>
    /// We hold a phone number for this person. Then only a text from that phone (START) lifts an
    /// opt-out; a chat they open cannot.
    /// </summary>
    public bool PhoneOnRecord { get; init; }

    public SessionState? Session { get; init; }

    /// <summary>A menu we offered and are waiting on (which language, which survey), if any.</summary>
    public MenuState? Menu { get; init; }

    public static ConversationState New => new();
}
