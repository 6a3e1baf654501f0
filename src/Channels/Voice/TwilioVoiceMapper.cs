using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using TwilioHttpMethod = Twilio.Http.HttpMethod;
using CoProduction.Channels.Twilio;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Translates between Twilio's call webhooks and Bot Framework activities, with no I/O, so
/// both directions can be tested from recorded payloads and checked as XML.
/// </summary>
public sealed class TwilioVoiceMapper(IOptionsMonitor<VoiceOptions> options, TimeProvider timeProvider)
{
    public const string ChannelId = "voice";

    /// <summary>Not a real URL: a call can only be spoken to in the webhook's response.</summary>
    public const string ServiceUrl = "urn:twilio:voice";

    /// <summary>The event the bot gets instead of a turn when a machine answers our call.</summary>
    public const string AnsweringMachineEventName = "answeringMachine";

    /// <summary>
    /// Maps one call webhook. The call's first request (no "turn" in our query string) becomes
    /// a ConversationUpdate with the caller in MembersAdded, the Bot Framework's usual "a
    /// conversation has started" (web chat sends the same), so the bot greets in
    /// OnMembersAddedAsync and message activities always mean "the caller answered". A first
    /// request answered by a machine becomes an event named "answeringMachine" instead.
    /// Every later request is a message: Text is the chosen value, the keys or the words;
    /// silence is a message with empty Text and noInput true.
    /// </summary>
    public TwilioMapResult Map(IReadOnlyDictionary<string, string> form, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(form);
        var query = QueryHelpers.ParseQuery(queryString);

        var callSid = Field(form, "CallSid");
        if (callSid is null)
        {
            return TwilioMapResult.Invalid("This call request could not be read: it has no CallSid.");
        }

        if (callSid.Length > CoProduction.Channels.Twilio.TwilioSmsMapper.MaxSidLength)
        {
            return TwilioMapResult.Invalid("This call request could not be read: its CallSid is not a Twilio id.");
        }

        var direction = Field(form, "Direction");
        var outbound = direction is not null && direction.StartsWith("outbound", StringComparison.OrdinalIgnoreCase);
        // On a call we made, Twilio's From is our number and To is the person.
        var person = outbound ? Field(form, "To") : Field(form, "From");
        var ours = outbound ? Field(form, "From") : Field(form, "To");

        var started = !query.ContainsKey(VoiceQuery.Turn);
        var turn = started ? 0 : ParseTurn(query[VoiceQuery.Turn].ToString());
        var noInput = query.TryGetValue(VoiceQuery.NoInput, out var ni) && ni.ToString() == "1";
        var answeredBy = Field(form, "AnsweredBy");
        var digits = Field(form, "Digits");
        var speech = Field(form, "SpeechResult");
        var choices = query.TryGetValue(VoiceQuery.Choice, out var k) ? k.Select(v => v ?? string.Empty).ToArray() : [];

        string? text = null;
        var inputType = VoiceInputType.None;
        string? keys = null;
        double? confidence = null;
        if (!started && !noInput)
        {
            if (digits is not null)
            {
                inputType = VoiceInputType.Dtmf;
                text = digits;
                if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var key) && key >= 1 && key <= choices.Length)
                {
                    // Key N is the Nth choice, as a click on the Nth button would be in web chat.
                    keys = digits;
                    text = choices[key - 1];
                }
            }
            else if (speech is not null)
            {
                inputType = VoiceInputType.Speech;
                text = speech.Trim();
                confidence = double.TryParse(Field(form, "Confidence"), NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : null;
            }
        }

        if (text is { Length: > CoProduction.Channels.Twilio.TwilioSmsAdapter.MaxBodyLength })
        {
            // Twilio never sends that much from one turn of a call; as with a text, it is not an answer.
            return TwilioMapResult.Invalid($"This call request could not be read: what was said or pressed is over {CoProduction.Channels.Twilio.TwilioSmsAdapter.MaxBodyLength} characters.");
        }

        // A gather action with neither keys nor words (Twilio does that when actionOnEmptyResult
        // is set) is silence too, whatever the URL said.
        noInput = !started && inputType == VoiceInputType.None;

        var data = new VoiceCallData
        {
            CallSid = callSid,
            Direction = direction,
            InputType = inputType,
            Confidence = confidence,
            Keys = keys,
            AnsweredBy = answeredBy,
            Invitation = query.TryGetValue(VoiceQuery.Invitation, out var inv) && !string.IsNullOrEmpty(inv.ToString()) ? inv.ToString() : null,
            NoInput = noInput,
            Turn = turn,
            CallStatus = Field(form, "CallStatus"),
        };

        var caller = new ChannelAccount(id: person, role: RoleTypes.User);
        var activity = new Activity
        {
            // Stable per request: a retried Twilio request has the same URL (so the same turn)
            // and maps to the same id, which is what the bot de-duplicates on.
            Id = callSid + ":" + turn.ToString(CultureInfo.InvariantCulture) + (noInput ? ":noinput" : string.Empty),
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            Timestamp = timeProvider.GetUtcNow(),
            Conversation = new ConversationAccount(id: callSid),
            From = caller,
            Recipient = new ChannelAccount(id: ours, role: RoleTypes.Bot),
            Locale = query.TryGetValue(VoiceQuery.Language, out var lang) && !string.IsNullOrEmpty(lang.ToString()) ? lang.ToString() : null,
            ChannelData = data,
        };

        if (started && IsMachine(answeredBy))
        {
            activity.Type = ActivityTypes.Event;
            activity.Name = AnsweringMachineEventName;
            activity.Value = data;
        }
        else if (started)
        {
            activity.Type = ActivityTypes.ConversationUpdate;
            activity.MembersAdded = [caller];
        }
        else
        {
            activity.Type = ActivityTypes.Message;
            activity.Text = text ?? string.Empty;
        }

        return TwilioMapResult.Success(activity);
    }

    /// <summary>Twilio's AnsweredBy values for anything but a person: machine_start, machine_end_beep/silence/other, fax.</summary>
    public static bool IsMachine(string? answeredBy) =>
        answeredBy is not null
        && (answeredBy.StartsWith("machine", StringComparison.OrdinalIgnoreCase) || answeredBy.Equals("fax", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the activity waits for an answer (see <see cref="VoiceGather"/>).</summary>
    public static bool ExpectsInput(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity is IMessageActivity message && activity.Type == ActivityTypes.Message
            && (message.InputHint == InputHints.ExpectingInput
                || message.SuggestedActions?.Actions is { Count: > 0 }
                || VoiceGather.From(activity) is not null);
    }

    /// <summary>
    /// The bot's replies as one TwiML document: each message's text as &lt;Say&gt; in its
    /// language's voice; the last one that expects input (with any after it) inside a
    /// &lt;Gather&gt;, followed by a &lt;Redirect&gt; that brings silence back to us as a no-input
    /// turn. Otherwise, or when the bot ends the conversation, the call ends with &lt;Hangup/&gt;:
    /// a caller is never left in silence.
    /// </summary>
    public string ToTwiml(IReadOnlyList<IActivity> replies, VoiceLinks links)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(links);
        var settings = options.CurrentValue;

        var hangup = replies.Any(a => a.Type == ActivityTypes.EndOfConversation || VoiceGather.AsksToHangUp(a));
        var gatherAt = -1;
        if (!hangup)
        {
            for (var i = replies.Count - 1; i >= 0; i--)
            {
                if (ExpectsInput(replies[i]))
                {
                    gatherAt = i;
                    break;
                }
            }
        }

        var response = new VoiceResponse();
        Gather? gather = null;
        for (var i = 0; i < replies.Count; i++)
        {
            if (replies[i].Type != ActivityTypes.Message || replies[i] is not IMessageActivity message)
            {
                continue;
            }

            var language = settings.For(message.Locale);
            if (i == gatherAt)
            {
                var spec = VoiceGather.From(message) ?? new VoiceGather();
                var choices = Choices(message);
                gather = NewGather(spec, choices, message.Locale, language, settings, links);
                Say(gather, message.Text, language);
                if (spec.ReadChoices)
                {
                    Say(gather, VoiceChoiceWording.Describe(choices.Select(c => c.Title).ToArray(), language, spec.Keys, spec.Speech), language);
                }

                response.Append(gather);
                continue;
            }

            Say((TwiML?)gather ?? response, message.Text, language);
        }

        if (gather is not null)
        {
            response.Redirect(ToUri(links.Next(noInput: true, Language((replies[gatherAt] as IMessageActivity)?.Locale), [])), TwilioHttpMethod.Post);
        }
        else
        {
            response.Hangup();
        }

        return response.ToString();
    }

    /// <summary>Reads a form; a field sent twice keeps its first value.</summary>
    private static Gather NewGather(VoiceGather spec, IReadOnlyList<(string Title, string Value)> choices, string? locale, VoiceLanguageOptions language, VoiceOptions settings, VoiceLinks links)
    {
        var input = new List<Gather.InputEnum>(2);
        if (spec.Keys) input.Add(Gather.InputEnum.Dtmf);
        if (spec.Speech || !spec.Keys) input.Add(Gather.InputEnum.Speech);
        var speech = input.Contains(Gather.InputEnum.Speech);

        var hints = speech
            ? choices.SelectMany(c => new[] { c.Title, c.Value })
                .Concat(spec.Hints)
                .Select(h => h.Replace(",", " ", StringComparison.Ordinal).Trim())
                .Where(h => h.Length is > 0 and <= 100 && !h.All(char.IsAsciiDigit))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray()
            : [];

        return new Gather(
            input: input,
            action: ToUri(links.Next(noInput: false, Language(locale), spec.Keys ? choices.Select(c => c.Value) : [])),
            method: TwilioHttpMethod.Post,
            timeout: spec.TimeoutSeconds ?? (spec.SlowPace ? settings.SlowGatherTimeoutSeconds : settings.GatherTimeoutSeconds),
            speechTimeout: speech ? settings.SpeechTimeout : null,
            finishOnKey: spec.Keys ? spec.FinishOnKey : null,
            numDigits: spec.Keys ? spec.NumDigits : null,
            language: speech ? language.EffectiveSpeechLanguage : null,
            hints: hints.Length > 0 ? string.Join(", ", hints) : null,
            speechModel: speech && !string.IsNullOrWhiteSpace(settings.SpeechModel) ? settings.SpeechModel : null);
    }

    private static List<(string Title, string Value)> Choices(IMessageActivity message) =>
        message.SuggestedActions?.Actions?
            .Select(a => (Title: a.Title ?? Convert.ToString(a.Value, CultureInfo.InvariantCulture) ?? string.Empty,
                          Value: Convert.ToString(a.Value, CultureInfo.InvariantCulture) ?? a.Title ?? string.Empty))
            .Where(c => !string.IsNullOrWhiteSpace(c.Title))
            .ToList() ?? [];

    private static void Say(TwiML parent, string? text, VoiceLanguageOptions language)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        parent.Append(new Say(text.Trim(), voice: language.Voice, language: language.Language));
    }

    private static string? Language(string? locale) => VoiceOptions.LanguageKey(locale);

    private static Uri ToUri(string url) => new(url, UriKind.RelativeOrAbsolute);

    private static int ParseTurn(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var turn) && turn >= 0 ? turn : 0;

    private static string? Field(IReadOnlyDictionary<string, string> form, string key) =>
        form.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
