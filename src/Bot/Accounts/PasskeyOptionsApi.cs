using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace CoProduction.Bot.Accounts;

/// <summary>
/// The two calls a page's script makes before the browser makes or uses a passkey. Identity
/// writes the options and keeps the challenge in its own short-lived cookie; the pages then post
/// what the browser made (Pages/Staff/Passkeys, Pages/SignIn/Passkey), where it is checked.
/// </summary>
public static class PasskeyOptionsApi
{
    public static IEndpointRouteBuilder MapPasskeyOptions(this IEndpointRouteBuilder app)
    {
        var passkeys = app.MapGroup("/passkeys").DisableAntiforgery();

        // For the signed-in person's own account only: never an API key.
        passkeys.MapPost("/creation-options", async (HttpContext http, UserManager<Account> users, SignInManager<Account> signIn, IAntiforgery antiforgery) =>
        {
            if (http.Request.Headers.ContainsKey(ApiKeyAuthentication.HeaderName) || await users.GetUserAsync(http.User) is not { } account)
            {
                return Results.Problem(title: "Sign in first", detail: "Sign in to your own account before adding a passkey to it.", statusCode: StatusCodes.Status403Forbidden);
            }
            if (!await antiforgery.IsRequestValidAsync(http)) return Forged();
            var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
            {
                Id = account.Id.ToString(),
                Name = account.UserName ?? account.DisplayName,
                DisplayName = account.DisplayName,
            });
            return Results.Content(options, "application/json");
        }).RequireAuthorization(Policies.Read);

        // Anyone may ask: the options name no account, so the answer tells nothing about who exists.
        passkeys.MapPost("/request-options", async (HttpContext http, SignInManager<Account> signIn, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Forged();
            return Results.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");
        }).RequireRateLimiting(AccountServices.SignInLimit);
        return app;
    }

    private static IResult Forged() =>
        Results.Problem(title: "Page out of date", detail: "Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
}
