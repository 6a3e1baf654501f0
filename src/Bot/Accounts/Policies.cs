using System.Security.Claims;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace CoProduction.Bot.Accounts;

/// <summary>
/// Who may do what, by role. Admins may do everything staff may; board actions need a board
/// member's own sign-in (the member is read from it, never from the request).
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in role: read surveys, reviews and results.</summary>
    public const string Read = "read";

    /// <summary>Admins and staff: change surveys, people, rounds, the board's membership.</summary>
    public const string Staff = "staff";

    /// <summary>Board members acting as themselves.</summary>
    public const string Board = "board";

    /// <summary>Staff or board: the word lists belong to both.</summary>
    public const string StaffOrBoard = "staff-or-board";

    /// <summary>Accounts and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>The board, or an admin: raising the disclosure thresholds (the board's promise to the people who answer).</summary>
    public const string BoardOrAdmin = "board-or-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireRole(AccountRoles.All));
        options.AddPolicy(Staff, p => p.RequireRole(AccountRoles.Admin, AccountRoles.Staff));
        options.AddPolicy(Board, p => p.RequireRole(AccountRoles.Board));
        options.AddPolicy(StaffOrBoard, p => p.RequireRole(AccountRoles.Admin, AccountRoles.Staff, AccountRoles.Board));
        options.AddPolicy(Admin, p => p.RequireRole(AccountRoles.Admin));
        options.AddPolicy(BoardOrAdmin, p => p.RequireRole(AccountRoles.Board, AccountRoles.Admin));
    }

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(AccountRoles.Admin) || user.IsInRole(AccountRoles.Staff);

    /// <summary>The account behind a sign-in or a member's own API key; null for the staff key and integration keys.</summary>
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
