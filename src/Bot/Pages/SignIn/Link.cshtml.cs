using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CoProduction.Bot.Pages.SignIn;

/// <summary>
/// The page a sign-in text links to. Opening it signs nobody in (a phone's link preview opens
/// links too); only pressing "Sign me in" uses the link up.
/// </summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class LinkModel(TextSignIn texts, UserManager<Account> users, SignInManager<Account> signIn, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }

    public SignInWords Words => SignInWords.For(Lang);
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await texts.RedeemLinkAsync(Token, ct) is { } id && await users.FindByIdAsync(id.ToString()) is { } account
            && await signIn.CanSignInAsync(account) && !await users.IsLockedOutAsync(account))
        {
            await signIn.SignInAsync(account, isPersistent: false);
            await audit.RecordAsync("signed-in", account.DisplayName, account.Id, "with a texted link", ct);
            return LocalRedirect("/staff");
        }
        Error = Words.LinkUsed;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
