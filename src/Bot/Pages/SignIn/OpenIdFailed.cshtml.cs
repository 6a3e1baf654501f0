using CoProduction.Bot.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.SignIn;

/// <summary>
/// The provider's callback address. A good answer is taken by the OpenID Connect handler before it
/// gets here; what reaches this page is an answer that did not check out (tampered, replayed, too
/// late, or no sign-in begun in this browser), and it gets a plain 400 and no session.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class OpenIdFailedModel(IOptions<OpenIdSignInOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }

    public OpenIdWords Words => OpenIdWords.For(Lang);

    public IActionResult OnGet() => Failed();

    public IActionResult OnPost() => Failed();

    private IActionResult Failed()
    {
        if (!options.Value.Enabled) return NotFound();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
