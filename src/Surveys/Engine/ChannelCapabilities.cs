using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>
/// What the channel a turn came through can do. Carried on the input so the engine asks "can
/// this channel offer a menu?" rather than "is this a call?": a new channel (or a call without a
/// keypad) is a new set of capabilities, not new branches in the engine.
/// </summary>
public sealed record ChannelCapabilities
{
    /// <summary>
    /// Replies are texts from the person's own phone: START from here lifts an opt-out (the
    /// phone's owner sent it), and our words can say "Text START" or "Reply YES or NO".
    /// </summary>
    public bool TextsFromOwnPhone { get; init; }

    /// <summary>
    /// The channel shows or reads out the choices itself (buttons, "press 1 for ..."): surveys
    /// can be offered as a menu, and a yes/no question needs no "Reply YES or NO".
    /// </summary>
    public bool CanOfferMenu { get; init; }

    /// <summary>A keypad: * hears the question again, 0 skips, 1403 is a day and month.</summary>
    public bool HasKeypad { get; init; }

    /// <summary>Everything is heard, not read: a person who asked for a slower pace also gets the plainest words.</summary>
    public bool SpeaksAloud { get; init; }

    /// <summary>
    /// A visitor we hold no phone for may opt back in here, because this channel is the only
    /// way we ever reach them (web chat).
    /// </summary>
    public bool OptsBackInWithoutPhone { get; init; }

    /// <summary>
    /// Someone else enters the answers on a form (an interviewer's page): hints say "Enter" or
    /// "Choose", not "reply" (<see cref="Understanding.ChannelHints"/>).
    /// </summary>
    public bool EnteredOnAForm { get; init; }

    /// <summary>How an unclear answer's hint is worded here: for a form, for a call, or for a text.</summary>
    public Understanding.HintWording HintWording =>
        EnteredOnAForm ? Understanding.HintWording.Form : SpeaksAloud ? Understanding.HintWording.Spoken : Understanding.HintWording.Text;

    public static readonly ChannelCapabilities Sms = new() { TextsFromOwnPhone = true };
    public static readonly ChannelCapabilities Voice = new() { CanOfferMenu = true, HasKeypad = true, SpeaksAloud = true };
    public static readonly ChannelCapabilities Chat = new() { CanOfferMenu = true, OptsBackInWithoutPhone = true };

    /// <summary>
    /// An interview: the page shows the choices as buttons, but it is a peer researcher's screen,
    /// not the person's own phone or chat, so nothing said in it can lift an opt-out.
    /// </summary>
    public static readonly ChannelCapabilities Interview = new() { CanOfferMenu = true, EnteredOnAForm = true };

    /// <summary>What each channel can do as the service runs it today.</summary>
    public static ChannelCapabilities Of(Channel channel) => channel switch
    {
        Channel.Sms => Sms,
        Channel.Voice => Voice,
        Channel.Interview => Interview,
        _ => Chat,
    };
}
