using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;

namespace CoProduction.Store.Model;

/// <summary>
/// One person going through one version of one survey. The engine's <see cref="SessionState"/>
/// is kept whole as JSON (like goflow's sessions); the columns beside it are copies for queries.
/// </summary>
public sealed class Session
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }
    public Channel Channel { get; set; }
    public SessionStatus Status { get; set; }

    /// <summary>The engine's <see cref="SessionState"/>, serialised with System.Text.Json.</summary>
    public required string StateJson { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>When the person answered the last question.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When it ended without completing (stopped, expired, started again).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public Guid? InvitationId { get; set; }

    /// <summary>A board member trying the survey out: never counted in results.</summary>
    public bool Pilot { get; set; }

    /// <summary>
    /// Bumped on every save. Two texts from one person handled at once both load the same state;
    /// the token makes the second save fail instead of silently overwriting the first.
    /// </summary>
    public int Revision { get; set; }

    /// <summary>
    /// The revision a turn last failed on (not a passing failure: a bug, an unreadable state).
    /// When the next turn fails on the same revision too, the session is set aside.
    /// </summary>
    public int? FailedRevision { get; set; }
}
