using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>Staff sign in with their email and password; five wrong passwords lock the account for 15 minutes.</summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class SignInModel(SignInManager<Account> signIn, UserManager<Account> users, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty] public string? Email { get; set; }

    /// <summary>"cy" shows the "Sign in with" button (OpenID Connect) in Welsh.</summary>
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? password)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(password))
        {
            return Refuse("Enter your email address and your password.");
        }
        var result = await signIn.PasswordSignInAsync(Email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        var account = await users.FindByNameAsync(Email.Trim());
        await audit.RecordAsync(result.Succeeded ? "signed-in" : "sign-in-refused", account?.DisplayName ?? "unknown account", account?.Id,
            result.Succeeded ? "with a password" : result.IsLockedOut ? "locked out after wrong passwords" : "wrong email or password", HttpContext.RequestAborted);
        if (result.IsLockedOut) return Refuse("That account is locked for 15 minutes after too many wrong passwords. Try again later, or ask an admin.");
        if (!result.Succeeded) return Refuse("That email address or password is not right. Check them and try again.");
        // Only local return addresses, so a sign-in link cannot send someone to another site.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/staff");
    }

    private PageResult Refuse(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
