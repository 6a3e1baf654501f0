using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>
/// Makes the first admin account, once: whoever holds the staff key (Staff:ApiKey, or
/// data/staff-key.txt) may, and only while no admin account exists. Later accounts are made by admins.
/// </summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class SetupModel(IOptionsMonitor<StaffOptions> staff, StoreDbContext db, UserManager<Account> users, SignInManager<Account> signIn, TimeProvider time, AuditLog audit) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }

    public bool Done { get; private set; }
    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Done = await HasAdminAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? key, string? password, CancellationToken ct)
    {
        if (Done = await HasAdminAsync(ct)) return Page();
        if (string.IsNullOrEmpty(key) || staff.CurrentValue.ApiKey is not { } expected || !ApiKeyFilter.Matches(key, expected))
            Errors.Add("The staff key is not right. It is Staff:ApiKey, or on your own computer the file data/staff-key.txt.");
        if (string.IsNullOrWhiteSpace(Name)) Errors.Add("Enter your name.");
        if (string.IsNullOrWhiteSpace(Email) || !Email.Contains('@')) Errors.Add("Enter your email address; you will sign in with it.");
        if (string.IsNullOrEmpty(password) || password.Length < 12) Errors.Add("Choose a password of at least 12 characters.");
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var account = new Account { Id = Guid.NewGuid(), UserName = Email!.Trim(), Email = Email.Trim(), DisplayName = Name!.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(account, password!);
        if (!created.Succeeded)
        {
            Errors.AddRange(created.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await users.AddToRoleAsync(account, AccountRoles.Admin);
        await audit.RecordAsync("account-created", "staff key", account.Id, $"First admin {account.DisplayName}, on the set-up page", ct);
        await signIn.SignInAsync(account, isPersistent: false);
        return LocalRedirect("/staff");
    }

    private Task<bool> HasAdminAsync(CancellationToken ct) =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == AccountRoles.Admin select ur).AnyAsync(ct);
}
