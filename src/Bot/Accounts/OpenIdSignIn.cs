using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CoProduction.Bot.Accounts;

/// <summary>
/// Signing in with an OpenID provider (Microsoft Entra, say), switched on by the
/// "Authentication:OpenIdConnect" settings. The code flow with PKCE; the provider's answer lands
/// in Identity's external cookie, and <see cref="OpenIdAccounts"/> decides who that is here.
/// The state, nonce and correlation cookies are protected with the Data Protection keys in the
/// store, so a sign-in begun on one node finishes on any other.
/// </summary>
public static class OpenIdSignIn
{
    /// <summary>Where a provider's answer that does not check out is shown, in plain words, with a 400.</summary>
    public const string FailedPage = OpenIdSignInOptions.CallbackPath;

    public static AuthenticationBuilder AddOpenIdSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var services = authentication.Services;
        services.AddOptions<OpenIdSignInOptions>().BindConfiguration(OpenIdSignInOptions.SectionName);
        services.AddScoped<OpenIdAccounts>();
        if (!OpenIdSignInOptions.IsConfigured(configuration)) return authentication;

        services.AddSingleton<IValidateOptions<OpenIdSignInOptions>, SettingsCheck>();
        services.AddOptions<OpenIdSignInOptions>().ValidateOnStart();
        authentication.AddOpenIdConnect(OpenIdSignInOptions.Scheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(OpenIdSignInOptions.Scheme).Configure<IOptions<OpenIdSignInOptions>>((o, settings) => Configure(o, settings.Value));
        return authentication;
    }

    private static void Configure(OpenIdConnectOptions o, OpenIdSignInOptions settings)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        o.CallbackPath = OpenIdSignInOptions.CallbackPath;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile", "email" }) o.Scope.Add(scope);
        // The claims keep the names the provider gave them, so EmailClaim names what the token holds.
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        // A provider that does not answer should not hold a person on a blank page for a minute.
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        o.RemoteAuthenticationTimeout = TimeSpan.FromMinutes(15);
        o.Events.OnTokenValidated = context =>
        {
            // Identity finds the linked account by NameIdentifier: the provider's stable id for the person.
            if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst("sub") is { } subject && identity.FindFirst(ClaimTypes.NameIdentifier) is null)
            {
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject.Value, subject.ValueType, subject.Issuer));
            }
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            // A tampered, replayed or out-of-date answer: the request goes on to the plain 400 page
            // at the callback's own address, instead of an exception and a 500.
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenIdSignIn))
                .LogWarning("An OpenID Connect sign-in did not finish: {Reason}", context.Failure?.Message);
            context.SkipHandler();
            return Task.CompletedTask;
        };
    }

    /// <summary>Every problem with the settings at once, so one start names them all.</summary>
    private sealed class SettingsCheck : IValidateOptions<OpenIdSignInOptions>
    {
        public ValidateOptionsResult Validate(string? name, OpenIdSignInOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
