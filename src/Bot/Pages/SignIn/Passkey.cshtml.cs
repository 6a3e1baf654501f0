using System.Security.Claims;
using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CoProduction.Bot.Pages.SignIn;

/// <summary>
/// Signs in with a passkey, for staff and board members alike: the sign-in pages' passkey button
/// posts here what the browser made. A passkey removed from the account no longer signs anyone in.
/// </summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class PasskeyModel(SignInManager<Account> signIn, UserManager<Account> users, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public PasskeyWords Words => PasskeyWords.For(Lang);
    public SignInWords TextWords => SignInWords.For(Lang);
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? credential, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credential) || credential.Length > 64 * 1024) return Refuse(StatusCodes.Status400BadRequest);
        PasskeyAssertionResult<Account> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credential);
        }
        catch (InvalidOperationException)
        {
            // Identity's way of saying no sign-in was begun in this browser (or it ran out of time).
            return Refuse(StatusCodes.Status401Unauthorized);
        }
        if (!assertion.Succeeded)
        {
            await audit.RecordAsync("sign-in-refused", "unknown account", null, "a passkey that is not on any account, or did not check out", ct);
            return Refuse(StatusCodes.Status401Unauthorized);
        }
        var account = assertion.User;
        if (!await signIn.CanSignInAsync(account) || await users.IsLockedOutAsync(account))
        {
            await audit.RecordAsync("sign-in-refused", account.DisplayName, account.Id, "with a passkey, but the account is locked", ct);
            return Refuse(StatusCodes.Status401Unauthorized);
        }
        // The passkey's signature counter moves on, so a copied key would show up as out of step.
        await users.AddOrUpdatePasskeyAsync(account, assertion.Passkey);
        await signIn.SignInWithClaimsAsync(account, isPersistent: false, [new Claim("amr", "pop")]);
        await audit.RecordAsync("signed-in", account.DisplayName, account.Id, "with a passkey", ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/staff");
    }

    private PageResult Refuse(int status)
    {
        Error = Words.SignInFailed;
        Response.StatusCode = status;
        return Page();
    }
}
