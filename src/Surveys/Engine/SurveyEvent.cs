namespace CoProduction.Surveys.Engine;

/// <summary>Something that happened in a turn, for the store to record in the same transaction.</summary>
public abstract record SurveyEvent;

public sealed record SessionStarted(Guid SessionId, string SurveyId, int Version, string Language, Guid? InvitationId) : SurveyEvent
{
    /// <summary>A pilot run of a draft: kept apart from real results.</summary>
    public bool Pilot { get; init; }
}

/// <summary>A board member piloting a draft said the current question was confusing.</summary>
public sealed record QuestionFlagged(Guid SessionId, string SurveyId, int Version, string QuestionId) : SurveyEvent;

public enum AnswerStatus
{
    Answered,
    Skipped,
    /// <summary>Still not understood after the re-asks: recorded so staff see the question may be unclear.</summary>
    Unclear,
}

/// <param name="Raw">Exactly what the person sent for this question (the last reply, for unclear ones).</param>
/// <param name="Value">The understood value; null when skipped or unclear.</param>
public sealed record AnswerRecorded(
    Guid SessionId, string SurveyId, int Version, string QuestionId, string Raw, string? Value, AnswerStatus Status) : SurveyEvent;

public sealed record SessionCompleted(Guid SessionId) : SurveyEvent;

/// <summary>A session ended without completing (stopped, expired, started again).</summary>
public sealed record SessionEnded(Guid SessionId, SessionStatus Reason) : SurveyEvent;

/// <param name="Keyword">The word they used, upper case ("STOP", "UNSUBSCRIBE").</param>
public sealed record OptedOut(string Keyword) : SurveyEvent;

public sealed record OptedIn(string Keyword) : SurveyEvent;

public sealed record LanguageChanged(string Language) : SurveyEvent;
