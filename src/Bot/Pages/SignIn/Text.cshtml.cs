using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Channels.Twilio;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.SignIn;

/// <summary>A board member asks for a sign-in text. The answer is the same whether or not the number is known.</summary>
[EnableRateLimiting(AccountServices.SignInLimit)]
public sealed class TextModel(StoreDbContext db, TextSignIn texts, IOptionsMonitor<TwilioOptions> twilio) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public SignInWords Words => SignInWords.For(Lang);
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var e164 = CoProduction.Store.PhoneNumbers.ToE164(Phone);
        if (e164 is null)
        {
            Error = Words.PhoneWrong;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var account = await db.Users.FirstOrDefaultAsync(u => u.PhoneNumber == e164, ct);
        if (account is not null && await texts.SendAsync(account, ReviewApi.PublicBase(Request, twilio.CurrentValue), ct) == TextSignInSend.TooMany)
        {
            Error = Words.TooMany;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        // Kept out of the address bar (and so out of any request log).
        TempData["phone"] = Phone;
        return RedirectToPage("Code", new { lang = Words.Lang });
    }
}
