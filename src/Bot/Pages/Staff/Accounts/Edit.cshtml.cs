using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CoProduction.Bot.Pages.Staff.Accounts;

/// <summary>Change one account's role, or remove it; either ends that person's sessions.</summary>
public sealed class EditModel(StaffAccounts accounts, UserManager<Account> users) : StaffForm
{
    public Account? Account { get; private set; }
    [BindProperty] public string? Role { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Role = (await users.GetRolesAsync(Account!)).FirstOrDefault();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id)) return NotFound();
        var changed = await accounts.ChangeRoleAsync(id, Role, User, ct);
        if (changed.Succeeded) { TempData["Done"] = $"{Account!.DisplayName} is now {Role}."; return Redirect("/staff/accounts"); }
        Problem("role-admin", changed.Problem!);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id)) return NotFound();
        await accounts.RemoveAsync(id, User, ct);
        { TempData["Done"] = $"{Account!.DisplayName}'s account is removed."; return Redirect("/staff/accounts"); }
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        Account = await users.FindByIdAsync(id.ToString());
        return Account is not null;
    }
}
