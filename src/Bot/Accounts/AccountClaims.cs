using System.Security.Claims;
using CoProduction.Store.Accounts;
using CoProduction.Store.FreeText;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Accounts;

/// <summary>Adds the person's own name to their sign-in: a board member's user name is a made-up id, not something to greet them with.</summary>
public sealed class AccountClaims(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole<Guid>>(users, roles, options)
{
    public const string DisplayName = "display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return identity;
    }
}

public static class AccountClaimsExtensions
{
    /// <summary>The name to show: the account's display name, or the key's name.</summary>
    public static string? DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(AccountClaims.DisplayName) ?? user.Identity?.Name;

    /// <summary>Who is acting, as the audit log and the records of who read what name them: the display name, else "API key".</summary>
    public static string ActorName(this ClaimsPrincipal user) => user.DisplayName() ?? "API key";

    /// <summary>Who is acting, with their account when they have one (a key may have none).</summary>
    public static Actor AsActor(this ClaimsPrincipal user) => new(user.ActorName(), user.AccountId());
}
