using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using CoProduction.Store.Board;
using CoProduction.Surveys.Review;
using Microsoft.AspNetCore.Authorization;

namespace CoProduction.Bot.Interviews;

/// <summary>
/// Who may interview: a board member whose board role is peer researcher, or staff. The board
/// role is on the member's row, not in the sign-in, so it is read from the store on each request
/// (a role changed by staff counts at once).
/// </summary>
public sealed class InterviewerPolicy(ReviewBoard board) : AuthorizationHandler<InterviewerPolicy.Requirement>
{
    public const string Name = "interviewer";

    /// <summary>The policy's requirement; kept apart from the handler, which needs the store.</summary>
    public sealed class Requirement : IAuthorizationRequirement;

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
    {
        if (await RoleOfAsync(context.User, board, CancellationToken.None) is not null) context.Succeed(requirement);
    }

    /// <summary>The role an interview records for this account, or null when it may not interview.</summary>
    public static async Task<BoardRole?> RoleOfAsync(System.Security.Claims.ClaimsPrincipal user, ReviewBoard board, CancellationToken ct)
    {
        if (user.AccountId() is not { } account) return null;
        var member = user.IsInRole(AccountRoles.Board) || user.IsStaff() ? await board.MemberForAccountAsync(account, ct) : null;
        if (member is { Role: BoardRole.PeerResearcher }) return BoardRole.PeerResearcher;
        return user.IsStaff() ? BoardRole.Staff : null;
    }
}
