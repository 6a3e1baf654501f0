using CoProduction.Store.Board;
using CoProduction.Store.Model;

namespace CoProduction.Bot.Accounts;

/// <summary>
/// The board member a request acts as: the one linked to the signed-in account (or a member's
/// own API key). Never a field of the request, so nobody can approve, vote or propose as anyone else.
/// </summary>
public static class CurrentMember
{
    public static async Task<BoardMember?> FindAsync(HttpContext http, ReviewBoard board, CancellationToken ct) =>
        http.User.AccountId() is { } account ? await board.MemberForAccountAsync(account, ct) : null;

    public const string NotAMemberDetail =
        "Only a board member signed in as themselves can do this. The staff key and integration keys cannot act for a board member.";

    public static IResult NotAMember() =>
        Results.Problem(title: "Sign in as a board member", detail: NotAMemberDetail, statusCode: StatusCodes.Status403Forbidden);
}
