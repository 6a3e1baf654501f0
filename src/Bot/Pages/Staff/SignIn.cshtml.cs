using System.Security.Claims;
using CoProduction.Bot.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.Staff;

public sealed class SignInModel(IOptionsMonitor<StaffOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        if (string.IsNullOrEmpty(key) || options.CurrentValue.ApiKey is not { } expected || !ApiKeyFilter.Matches(key, expected))
        {
            Error = "That staff key is not right. Check it and try again.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "staff"), new Claim(ClaimTypes.Role, "staff")], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        // Only local return addresses, so a sign-in link cannot send someone to another site.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/staff");
    }
}
