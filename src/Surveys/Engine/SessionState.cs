using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>
/// Where one person is in one survey. Saved as JSON between turns (like goflow's sessions),
/// so it holds only plain data: the survey is looked up again by id and version.
/// </summary>
public sealed record SessionState
{
    public required Guid Id { get; init; }
    public required string SurveyId { get; init; }
    public required int Version { get; init; }
    public required string Language { get; init; }
    public required Channel Channel { get; init; }
    public bool EasyRead { get; init; }
    public SessionStatus Status { get; init; } = SessionStatus.Active;

    /// <summary>Index into the survey's questions of the question being asked.</summary>
    public int QuestionIndex { get; init; }

    /// <summary>How many unclear replies the current question has had.</summary>
    public int Unclear { get; init; }

    /// <summary>How many times the current question met silence (voice).</summary>
    public int Silences { get; init; }

    /// <summary>
    /// An answer waiting for the person to confirm it before it is recorded: a spoken free-text
    /// answer heard with low confidence ("I heard: ... Is that right?"), or a reply with one likely
    /// reading that could have meant another ("Did you mean Sunday 1 February?", "Did you mean 0?").
    /// </summary>
    public string? HeardText { get; init; }

    /// <summary>What the person sent for <see cref="HeardText"/>, recorded as the raw answer.</summary>
    public string? HeardReply { get; init; }

    /// <summary>The hint when they say no to a reading ("Please write the month as a word ..."); null for speech.</summary>
    public string? HeardIfNot { get; init; }

    /// <summary>Stored values so far, by question id (null = skipped or unclear); drives skip logic.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset LastActivityAt { get; init; }

    /// <summary>A board member trying a draft: answers never mix with real results.</summary>
    public bool Pilot { get; init; }

    /// <summary>The invitation this session answers, when it was started by one.</summary>
    public Guid? InvitationId { get; init; }

    public bool IsOpen => Status is SessionStatus.Active or SessionStatus.AwaitingCarryOn;
}
