using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.SignIn;

/// <summary>
/// Signing in with the organisation's OpenID provider: the button sends the person there (POST),
/// and "Finish" is where they come back to once the provider has answered. Not found when the
/// settings leave it off.
/// </summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class OpenIdModel(IOptions<OpenIdSignInOptions> options, SignInManager<Account> signIn, OpenIdAccounts accounts, ILogger<OpenIdModel> log) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public OpenIdWords Words => OpenIdWords.For(Lang);
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";
    public bool Refused { get; private set; }
    public bool ShowButton { get; private set; }
    /// <summary>Set once signed in: where the person goes next.</summary>
    public string? ContinueTo { get; private set; }

    private string Provider => options.Value.DisplayName ?? "";
    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/staff";

    public IActionResult OnGet()
    {
        if (!options.Value.Enabled) return NotFound();
        return Show(StatusCodes.Status200OK, OpenIdWords.Fill(Words.SignInWith, Provider), Words.Intro, refused: false, button: true);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!options.Value.Enabled) return NotFound();
        var back = Url.Page("/SignIn/OpenId", "Finish", new { lang = Words.Lang, returnUrl = SafeReturnUrl });
        var properties = signIn.ConfigureExternalAuthenticationProperties(OpenIdSignInOptions.Scheme, back);
        try
        {
            // Challenged here rather than by a ChallengeResult, so a provider that cannot be
            // reached is caught before anything is written.
            await HttpContext.ChallengeAsync(OpenIdSignInOptions.Scheme, properties);
            return new EmptyResult();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            log.LogWarning("The OpenID provider could not be reached: {Reason}", e.Message);
            return Show(StatusCodes.Status503ServiceUnavailable, OpenIdWords.Fill(Words.UnavailableTitle, Provider),
                OpenIdWords.Fill(Words.Unavailable, Provider), refused: true, button: true);
        }
    }

    public async Task<IActionResult> OnGetFinishAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return NotFound();
        var result = await accounts.FinishAsync(ct);
        switch (result.Outcome)
        {
            case OpenIdOutcome.SignedIn:
                ContinueTo = SafeReturnUrl;
                return Show(StatusCodes.Status200OK, Words.SignedIn, "", refused: false, button: false);
            case OpenIdOutcome.NotStarted:
                return Show(StatusCodes.Status400BadRequest, Words.FailedTitle, Words.Failed, refused: true, button: false);
            default:
                return Show(StatusCodes.Status403Forbidden, Words.RefusedTitle, OpenIdWords.Fill(Words.Refusal(result.Outcome), Provider, result.Email), refused: true, button: false);
        }
    }

    private PageResult Show(int status, string heading, string message, bool refused, bool button)
    {
        Heading = heading;
        Message = message;
        Refused = refused;
        ShowButton = button;
        Response.StatusCode = status;
        return Page();
    }
}
