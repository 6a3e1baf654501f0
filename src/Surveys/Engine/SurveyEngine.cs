using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine.Resumes;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine;

/// <summary>
/// The survey engine: (state, input) -> (state, replies, events). Pure: no I/O; the clock comes
/// from <see cref="TimeProvider"/> and new ids from <see cref="IIdGenerator"/>. One turn is one
/// thing a person sent; this class only decides which resume (Engine/Resumes) the turn is.
/// </summary>
/// <remarks>
/// Order of precedence in a turn, and why:
/// 1. STOP family: always wins, even mid-question, so nobody is ever held in a survey.
/// 2. Opted out: only START (and HELP) get a reply; nothing else is sent.
/// 3. A menu waiting: the reply chooses from it (unless it is a command or a keyword).
/// 4. HELP, language words: work anywhere without losing the place.
/// 5. A survey keyword: starts (or restarts) that survey.
/// 6. An open session: the reply is an answer (or AGAIN / SKIP), or silence on a call.
/// 7. Otherwise: the menu where one can be offered, else a friendly pointer to the keyword.
/// </remarks>
public sealed class SurveyEngine(TimeProvider time, EngineOptions options, IIdGenerator ids)
{
    public SurveyEngine(TimeProvider time, EngineOptions options) : this(time, options, new RandomIds(time))
    {
    }

    public TimeProvider Time => time;
    public EngineOptions Options => options;
    public IIdGenerator Ids => ids;

    /// <summary>Below this speech confidence a spoken free-text answer is read back before it is kept.</summary>
    public const double ReadBackBelowConfidence = 0.6;

    public TurnResult Handle(ConversationState state, Inbound input, ISurveyCatalog catalog)
    {
        var turn = new Turn(this, state, catalog, input.Channel, input.Capabilities, time.GetUtcNow());
        Resume(turn, input, catalog);
        return turn.Result();
    }

    /// <summary>
    /// Begins a conversation the person did not start with a text: a phone call, or a chat window
    /// opening. Offers to carry on an unfinished survey, asks the language once when asked to,
    /// starts a named survey, or offers the menu of published surveys.
    /// </summary>
    public TurnResult Greet(ConversationState state, Channel channel, ISurveyCatalog catalog, Greeting greeting)
    {
        var turn = new Turn(this, state, catalog, channel, greeting.Capabilities ?? ChannelCapabilities.Of(channel), time.GetUtcNow());
        Greetings.Greet(turn, greeting);
        return turn.Result();
    }

    /// <summary>Starts a survey without an inbound message (an invitation sent by staff or a check-in).</summary>
    public TurnResult Start(ConversationState state, PublishedSurvey survey, Channel channel, Guid? invitationId = null, ChannelCapabilities? capabilities = null)
    {
        var turn = new Turn(this, state, catalog: null, channel, capabilities ?? ChannelCapabilities.Of(channel), time.GetUtcNow());
        Progress.StartSurvey(turn, survey, languageFromKeyword: null, invitationId);
        return turn.Result();
    }

    private static void Resume(Turn turn, Inbound input, ISurveyCatalog catalog)
    {
        var trimmed = (input.Text ?? "").Trim();
        var match = input.NoInput ? CommandMatch.None
            : Commands.KeyCommand(turn, trimmed) is { } key ? new CommandMatch(key, null)
            : CommandReader.Read(trimmed);
        var command = match.Command;

        if (command == Command.Stop)
        {
            Commands.Stop(turn, match.Keyword);
            return;
        }
        if (turn.State.OptedOut)
        {
            Commands.WhileOptedOut(turn, match);
            return;
        }

        turn.ExpireIfStale();
        var keyword = Turn.NormalizeKeyword(trimmed);
        var keywordSurvey = catalog.FindByKeyword(keyword);

        if (turn.State.Menu is { } menu && !input.NoInput && command == Command.None && keywordSurvey is null)
        {
            Menus.Choose(turn, menu, trimmed);
            return;
        }
        if (Commands.LanguageWord(trimmed) is { } language)
        {
            Commands.ChangeLanguage(turn, language);
            return;
        }
        if (command == Command.Help)
        {
            Commands.Help(turn);
            return;
        }
        if (keywordSurvey is not null)
        {
            keywordSurvey.Definition.MatchesKeyword(keyword, out var keywordLanguage);
            if (turn.OpenSession() is { } open)
            {
                // Texting the keyword again means "start again": the old attempt is set aside
                // (and left out of results) so nobody is counted twice.
                turn.EndSession(open, SessionStatus.Abandoned);
            }
            Progress.StartSurvey(turn, keywordSurvey, keywordLanguage, invitationId: null);
            return;
        }
        if (command == Command.Start)
        {
            Commands.StartWithoutStop(turn);
            return;
        }

        if (turn.OpenSession() is { } session)
        {
            if (input.NoInput) Silence.InSession(turn, session);
            else Answering.Continue(turn, session, trimmed, command, input.SpeechConfidence);
            return;
        }
        if (input.NoInput)
        {
            Silence.NoSession(turn);
            return;
        }
        if (turn.Can.CanOfferMenu)
        {
            // On a call or in a chat there is no keyword to text: offer the menu instead.
            Menus.OfferSurveys(turn);
            return;
        }
        turn.Say(catalog.SuggestedKeyword is { } suggested ? turn.Phrases.Unknown(suggested) : turn.Phrases.NothingToStart);
    }
}
