using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;

namespace CoProduction.Surveys.Engine;

/// <summary>
/// The mutable working copy of one turn, and the small steps every resume shares (say something,
/// ask, record, end a session). Never escapes the engine: a turn ends as a <see cref="TurnResult"/>.
/// </summary>
internal sealed class Turn(SurveyEngine engine, ConversationState state, ISurveyCatalog? catalog, Channel channel, ChannelCapabilities can, DateTimeOffset now)
{
    private readonly List<Prompt> _replies = [];
    private readonly List<SurveyEvent> _events = [];

    public ConversationState State { get; set; } = state;
    public ISurveyCatalog? Catalog => catalog;
    /// <summary>The channel, only as data: it picks per-channel wording and is kept on the session.</summary>
    public Channel Channel => channel;

    /// <summary>What the channel can do: the engine's only way of telling channels apart.</summary>
    public ChannelCapabilities Can => can;
    public DateTimeOffset Now => now;
    public EngineOptions Options => engine.Options;
    public DateOnly Today => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>The survey this turn started, for outbound starts that have no catalog.</summary>
    public PublishedSurvey? Started { get; set; }

    public TurnResult Result() => new(State, _replies, _events);

    public Phrases Phrases => Phrases.For(State.Session?.Language ?? State.Language);
    public string Language => Phrases.Language;

    public Guid NewId() => engine.Ids.NewId();

    public void Add(SurveyEvent e) => _events.Add(e);
    public void Reply(Prompt prompt) => _replies.Add(prompt);
    public void Say(string text) => _replies.Add(Prompt.Message(text, Language));
    public void Hint(string text) => _replies.Add(Prompt.Hint(text, Language));

    public void AskYesNo(string text, string? questionId) =>
        _replies.Add(new Prompt(PromptKind.Question, text, Language)
        {
            QuestionId = questionId,
            Input = new InputSpec(QuestionType.YesNo)
            {
                Choices = [new PromptChoice("yes", Phrases.Yes), new PromptChoice("no", Phrases.No)],
            },
        });

    public void AskCurrent(SessionState session)
    {
        var survey = Survey(session);
        if (survey is null) return;
        _replies.Add(QuestionPrompts.For(survey.Questions[session.QuestionIndex], session.Language, channel, session.EasyRead));
    }

    /// <summary>Keeps <paramref name="session"/> as the open session, touched now.</summary>
    public SessionState Touch(SessionState session)
    {
        session = session with { LastActivityAt = now };
        State = State with { Session = session };
        return session;
    }

    public void Record(SessionState session, Question question, string raw, string? value, AnswerStatus status) =>
        _events.Add(new AnswerRecorded(session.Id, session.SurveyId, session.Version, question.Id, raw, value, status));

    public void EndSession(SessionState session, SessionStatus reason)
    {
        _events.Add(new SessionEnded(session.Id, reason));
        State = State with { Session = session with { Status = reason } };
    }

    public SessionState? OpenSession() => State.Session is { IsOpen: true } s ? s : null;

    /// <summary>The survey a session runs on: from the catalog, or the one this turn started (outbound starts have no catalog).</summary>
    public SurveyDefinition? Survey(SessionState session) =>
        catalog?.Find(session.SurveyId, session.Version)?.Definition
        ?? (Started is { } p && p.Definition.Id == session.SurveyId && p.Version == session.Version ? p.Definition : null);

    public PublishedSurvey? PublishedById(string surveyId) =>
        catalog?.Published.FirstOrDefault(p => p.Definition.Id == surveyId);

    public void ExpireIfStale()
    {
        if (State.Session is { IsOpen: true } s && now - s.LastActivityAt > Options.SessionLifetime)
        {
            EndSession(s, SessionStatus.Expired);
        }
    }

    public string Keyword() =>
        catalog?.SuggestedKeyword ?? (State.Session is { } s ? s.SurveyId.ToUpperInvariant() : "HELLO");

    /// <summary>"yes", "no", or null for anything else, read as a yes/no answer in this turn's language.</summary>
    public string? YesNo(string reply)
    {
        var probe = new Question { Id = "carry-on", Type = QuestionType.YesNo, Wording = Wording.Plain("") };
        return AnswerReader.Read(probe, reply, Language, Today) is AnswerResult.Understood u ? u.Value : null;
    }

    public static string NormalizeKeyword(string text) => text.Trim().Trim('.', '!', '?', '"', '\'').Trim();
}
