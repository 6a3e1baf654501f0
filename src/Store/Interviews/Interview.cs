using CoProduction.Surveys.Review;

namespace CoProduction.Store.Interviews;

/// <summary>
/// A peer researcher (or staff) going through a survey with one person, in person or on the
/// phone, reading each question aloud and entering the answer. The answers themselves are the
/// session's, recorded by the same turn pipeline as every channel; this row says who asked whom,
/// how, who gave the answers, and that the person agreed.
/// </summary>
public sealed class Interview
{
    public Guid Id { get; set; }

    /// <summary>Whom: the person being interviewed.</summary>
    public Guid PersonId { get; set; }

    public required string SurveyId { get; set; }
    public int Version { get; set; }

    /// <summary>Who: the signed-in account that runs the interview.</summary>
    public Guid InterviewerId { get; set; }

    /// <summary>The interviewer's board role when they started (peer researcher), or staff for a staff account without one.</summary>
    public BoardRole InterviewerRole { get; set; }

    public InterviewMode Mode { get; set; }
    public AnsweredBy AnsweredBy { get; set; }

    /// <summary>The person agreed to the interview and to their answers being kept (ticked by the interviewer, who asked them).</summary>
    public bool Consent { get; set; }

    /// <summary>The session the interview's answers belong to; set in the same transaction as the session is started.</summary>
    public Guid? SessionId { get; set; }

    public InterviewStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The last turn's id, so the interview page shows what the service said last after a reload.</summary>
    public string? LastTurnId { get; set; }
}

/// <summary>How the interview is held.</summary>
public enum InterviewMode
{
    InPerson,
    Phone,
}

/// <summary>Who gave the answers.</summary>
public enum AnsweredBy
{
    /// <summary>The person answered; the interviewer entered what they said.</summary>
    Person,

    /// <summary>The person answered with help (a carer, a supporter, an interpreter).</summary>
    WithHelp,

    /// <summary>Someone answered on the person's behalf.</summary>
    OnBehalf,
}

public enum InterviewStatus
{
    InProgress,
    Completed,

    /// <summary>Ended before the last question: the person stopped, the session expired, or it was set aside.</summary>
    Ended,
}

public static class InterviewNames
{
    public static string ToName(this AnsweredBy by) => by switch
    {
        AnsweredBy.Person => "person",
        AnsweredBy.WithHelp => "with-help",
        _ => "on-behalf",
    };

    public static string ToName(this InterviewMode mode) => mode == InterviewMode.Phone ? "phone" : "in-person";

    public static string ToName(this InterviewStatus status) => status switch
    {
        InterviewStatus.InProgress => "in-progress",
        InterviewStatus.Completed => "completed",
        _ => "ended",
    };
}
