using CoProduction.Bot.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace CoProduction.Bot.Pages.Staff.Accounts;

/// <summary>An admin adds a staff, admin or viewer account with a first password (the same rules as POST /api/accounts).</summary>
public sealed class AddModel(StaffAccounts accounts) : StaffForm
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string Role { get; set; } = "staff";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? password, CancellationToken ct)
    {
        var made = await accounts.CreateAsync(Name, Email, Role, password, User, ct);
        if (made.Succeeded) { TempData["Done"] = $"{Name!.Trim()} can now sign in with {Email!.Trim()}."; return Redirect("/staff/accounts"); }
        Problem(made.Field == "role" ? "role-staff" : made.Field ?? "", made.Problem!);
        Response.StatusCode = made.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }
}
