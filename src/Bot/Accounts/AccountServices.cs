using System.Threading.RateLimiting;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CoProduction.Bot.Accounts;

public static class AccountServices
{
    /// <summary>The scheme that picks the API key or the sign-in cookie for each request.</summary>
    public const string SelectScheme = "KeyOrCookie";

    public const string CookieName = "coproduction.session";

    /// <summary>Rate limit for the sign-in forms, per client address.</summary>
    public const string SignInLimit = "sign-in";

    /// <summary>Where the API accepts the anti-forgery token when a browser calls it with the sign-in cookie.</summary>
    public const string AntiforgeryHeader = "RequestVerificationToken";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddIdentityCore<Account>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                // The store's schema has the passkeys table (StoreDbContext.SchemaVersion).
                o.Stores.SchemaVersion = IdentitySchema.Version;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<StoreDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaims>()
            .AddDefaultTokenProviders();
        // A removed account, or one whose roles changed, is signed out at its next request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.AddAuthentication(SelectScheme)
            .AddPolicyScheme(SelectScheme, "API key or sign-in", o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyAuthentication.HeaderName) ? ApiKeyAuthentication.SchemeName : IdentityConstants.ApplicationScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.AddAuthentication().AddOpenIdSignIn(configuration);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = "/staff/signin";
            o.LogoutPath = "/staff/signout";
            o.AccessDeniedPath = "/staff/denied";
            o.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddAntiforgery(o => o.HeaderName = AntiforgeryHeader);
        services.AddAuthorization(Policies.Add);
        services.AddScoped<ApiKeys>();
        services.AddScoped<AuditLog>();
        services.AddScoped<TextSignIn>();
        services.AddScoped<BoardInvitations>();
        services.AddScoped<StaffAccounts>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(TooManySignIns, ct);
            };
            o.AddPolicy(SignInLimit, context => CountsAsASignInAttempt(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = configuration.GetValue("Accounts:SignInAttemptsPerMinute", 10), Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    public const string TooManySignIns = "Too many tries to sign in from this address. Please wait a minute and try again.";

    /// <summary>
    /// Only the form posts and the OpenID provider's answers count: opening a page costs nothing
    /// and a care home may share one address, but each answer at the callback (GET or POST) and
    /// each "Finish" is work the service does to check a sign-in.
    /// </summary>
    private static bool CountsAsASignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        || request.Path.StartsWithSegments(OpenIdSignInOptions.CallbackPath)
        || string.Equals(request.Query["handler"], "Finish", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The cookie's challenge: a page goes to sign-in; the API gets a 401 or 403 with a reason,
    /// the same as the API key's answers.
    /// </summary>
    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return status == StatusCodes.Status401Unauthorized
                ? ApiProblems.WriteAsync(context.HttpContext, status, "Staff key needed",
                    $"This part of the service is for staff and the board. Send a key in the {ApiKeyAuthentication.HeaderName} header, or sign in.")
                : ApiProblems.WriteAsync(context.HttpContext, status, "Not allowed for your role", "Your account or key cannot do this. Ask an admin if you need it.");
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
