using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Tests.TestSupport;

/// <summary>Engine results written by hand, as the engine would return them.</summary>
public static class Turns
{
    public static SessionState Session(
        Guid id, DateTimeOffset at, int questionIndex = 0, SessionStatus status = SessionStatus.Active,
        IReadOnlyDictionary<string, string?>? values = null, string surveyId = "checkin", int version = 1) => new()
    {
        Id = id,
        SurveyId = surveyId,
        Version = version,
        Language = "en",
        Channel = Channel.Sms,
        Status = status,
        QuestionIndex = questionIndex,
        Values = values ?? new Dictionary<string, string?>(),
        StartedAt = at,
        LastActivityAt = at,
    };

    public static TurnResult Result(SessionState? session, params SurveyEvent[] events) =>
        new(new ConversationState { Language = "en", Session = session }, [], events);

    public static AnswerRecorded Answer(Guid sessionId, string questionId, string raw, string? value, AnswerStatus status = AnswerStatus.Answered, string surveyId = "checkin", int version = 1) =>
        new(sessionId, surveyId, version, questionId, raw, value, status);
}
