using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CoProduction.Bot.Pages.SignIn;

/// <summary>The 6-digit code from the text, for people who cannot open the link on the device they want to use.</summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class CodeModel(TextSignIn texts, UserManager<Account> users, SignInManager<Account> signIn, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Code { get; set; }

    public SignInWords Words => SignInWords.For(Lang);
    public string? Error { get; private set; }

    public void OnGet() => Phone = TempData["phone"] as string;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await texts.RedeemCodeAsync(Phone, Code, ct) is { } id && await users.FindByIdAsync(id.ToString()) is { } account
            && await signIn.CanSignInAsync(account) && !await users.IsLockedOutAsync(account))
        {
            await signIn.SignInAsync(account, isPersistent: false);
            await audit.RecordAsync("signed-in", account.DisplayName, account.Id, "with a texted code", ct);
            return LocalRedirect("/staff");
        }
        Error = Words.CodeWrong;
        Code = null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
