using System.Security.Claims;
using System.Text.Encodings.Web;
using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Accounts;

/// <summary>
/// Signs in a request by its X-Api-Key header: Staff:ApiKey is the first admin key; other keys
/// are named, hashed in the store, each with one role, and stop working when revoked.
/// A request without the header is not this scheme's business (the sign-in cookie may carry it).
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<StaffOptions> staff,
    StoreDbContext db,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>"Last used" is for people deciding which keys to revoke: a minute's precision is plenty and saves a write per request.</summary>
    private static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var given = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(given)) return AuthenticateResult.NoResult();

        if (staff.CurrentValue.ApiKey is { } first && ApiKeyFilter.Matches(given, first))
        {
            return Success([new Claim(ClaimTypes.Name, "staff key"), new Claim(ClaimTypes.Role, AccountRoles.Admin)]);
        }

        var hash = ApiKeys.HashOf(given);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("Unknown or revoked key");

        var now = time.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last >= LastUseGranularity)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ClaimTypes.Role, key.Role) };
        if (key.AccountId is { } account) claims.Add(new Claim(ClaimTypes.NameIdentifier, account.ToString()));
        return Success(claims);
    }

    private AuthenticateResult Success(IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Staff key needed",
            string.IsNullOrEmpty(Request.Headers[HeaderName].ToString())
                ? $"This part of the service is for staff and the board. Send a key in the {HeaderName} header, or sign in."
                : "That key is not right, or it was revoked. Check the key and try again.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed for your role",
            "Your account or key cannot do this. Ask an admin if you need it.");
}
