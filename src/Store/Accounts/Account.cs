using Microsoft.AspNetCore.Identity;

namespace CoProduction.Store.Accounts;

/// <summary>
/// Someone who signs in: staff with an email and a password, a board member with the phone
/// number they were invited with. Roles are in <see cref="AccountRoles"/>.
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    /// <summary>The name shown on pages and in the record of who did what.</summary>
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
