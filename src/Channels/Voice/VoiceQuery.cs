namespace CoProduction.Channels.Voice;

/// <summary>
/// The query-string parameters we put on our own call URLs. Twilio keeps no state for us
/// between requests of a call, so everything the next request needs rides on its URL; the
/// signature covers the query string, so a caller cannot alter it.
/// </summary>
public static class VoiceQuery
{
    /// <summary>Our invitation id, set on outbound calls (/twilio/voice?invitation=...).</summary>
    public const string Invitation = "invitation";

    /// <summary>The turn number of the request this URL leads to; absent on the call's first request.</summary>
    public const string Turn = "turn";

    /// <summary>"1" on the &lt;Redirect&gt; followed when the caller said nothing.</summary>
    public const string NoInput = "noinput";

    /// <summary>The language of the question being answered, so the reply is in the same one.</summary>
    public const string Language = "lang";

    /// <summary>
    /// The values of the choices offered, in key order (repeated: k=...&amp;k=...), so key N can
    /// be turned into the Nth value without keeping state on the server.
    /// </summary>
    public const string Choice = "k";

    /// <summary>The most choices that get keys: one key each, 1 to 9.</summary>
    public const int MaxKeyedChoices = 9;
}
