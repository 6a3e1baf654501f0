using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Scheduling.Starting;

/// <summary>What to start, for whom, and how.</summary>
/// <param name="Phone">E.164, or null for a web-only person.</param>
/// <param name="Token">The invitation's web link token: the chat page opens it as /chat?invite=token.</param>
/// <param name="IsReminder">A reminder for an invitation the person has not begun yet.</param>
/// <param name="Kind">A round's survey, a check-in (which opens with last year's recap), or results sent back (nothing to answer).</param>
/// <param name="Language">The person's language from their record ("cy" for Welsh), for words sent before any survey starts.</param>
/// <param name="Unsent">What an earlier start of this invitation could not send (its first text went): only these go now.</param>
public sealed record SurveyStart(
    Guid InvitationId,
    Guid PersonId,
    string SurveyId,
    int Version,
    Channel Channel,
    string? Phone,
    string Token,
    bool IsReminder = false,
    InvitationKind Kind = InvitationKind.Round,
    string? Language = null,
    IReadOnlyList<string>? Unsent = null);
