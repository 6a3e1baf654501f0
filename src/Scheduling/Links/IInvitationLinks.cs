using CoProduction.Store.Model;

namespace CoProduction.Scheduling.Links;

/// <summary>
/// Web chat invitations: the texted link /chat?invite=token opens the invited survey for the
/// invited person. The chat page resolves the token here and starts the survey with the
/// invitation id (SurveyEngine.Start(..., invitationId)).
/// </summary>
public interface IInvitationLinks
{
    /// <summary>The invitation behind a token; null when unknown or already over (completed, expired, opted out).</summary>
    Task<InvitationLink?> ResolveAsync(string token, CancellationToken cancellationToken);

    /// <summary>The same, by the invitation's id (an invitation call carries it in its webhook URL).</summary>
    Task<InvitationLink?> FindAsync(Guid invitationId, CancellationToken cancellationToken);
}

/// <param name="Kind">A results invitation has nothing to start: its call says the results and ends.</param>
public sealed record InvitationLink(Guid PersonId, string SurveyId, int Version, Guid InvitationId, InvitationKind Kind = InvitationKind.Round)
{
    /// <summary>The site-relative link we text to people invited by web chat.</summary>
    public static string PathFor(string token) => "/chat?invite=" + Uri.EscapeDataString(token);
}
