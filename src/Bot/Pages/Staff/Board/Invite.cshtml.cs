using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Channels.Twilio;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.Staff.Board;

/// <summary>Staff invite a board member by phone: the same rules and text as POST /api/board.</summary>
public sealed class InviteModel(BoardInvitations invitations, IOptionsMonitor<TwilioOptions> twilio, CoProduction.Store.FieldLimits limits) : StaffForm
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (role, field, problem) = BoardInvitations.Check(Name, Role, limits);
        if (problem is not null) return Refused(field == "role" ? "role-expert-by-experience" : field!, problem, StatusCodes.Status400BadRequest);
        var invited = await invitations.InviteAsync(Name!, role, Phone, ReviewApi.PublicBase(Request, twilio.CurrentValue), ct);
        if (invited.Member is null)
            return Refused("phone", invited.Problem!, invited.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
        TempData["Done"] = invited.Text == TextSignInSend.Sent
            ? $"{invited.Member.Name} is on the board. We have texted them a link to sign in."
            : $"{invited.Member.Name} is on the board.";
        return Redirect("/staff/board");
    }

    private PageResult Refused(string fieldId, string problem, int status)
    {
        Problem(fieldId, problem);
        Response.StatusCode = status;
        return Page();
    }
}
