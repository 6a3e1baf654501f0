using System.Security.Claims;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;

namespace CoProduction.Bot.Accounts;

/// <summary>What came of a change to an account; <see cref="Field"/> names the form field a problem is about.</summary>
public sealed record AccountChange(Guid? Id, string? Field = null, string? Problem = null, bool Conflict = false, bool NotFound = false)
{
    public bool Succeeded => Problem is null && !NotFound;
}

/// <summary>
/// Admins add, re-role and remove accounts: the rules live here, for the API and the pages alike.
/// A role change or a removal ends that person's sessions at their next request.
/// </summary>
public sealed class StaffAccounts(UserManager<Account> users, AuditLog audit, TimeProvider time, CoProduction.Store.FieldLimits limits)
{
    /// <summary>Roles an admin gives with an email and password; board members are invited by phone.</summary>
    public static readonly IReadOnlyList<string> PasswordRoles = [AccountRoles.Admin, AccountRoles.Staff, AccountRoles.Viewer];

    public async Task<AccountChange> CreateAsync(string? name, string? email, string? role, string? password, ClaimsPrincipal by, CancellationToken ct)
    {
        var maxName = limits.MaxLength<Account>(nameof(Account.DisplayName))!.Value;
        var maxEmail = limits.MaxLength<Account>(nameof(Account.Email))!.Value;
        if (string.IsNullOrWhiteSpace(name) || name.Length > maxName) return Refused("name", $"Give the person's name (up to {maxName} characters).");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@') || email.Length > maxEmail)
            return Refused("email", $"Give the person's email address (up to {maxEmail} characters); they sign in with it.");
        if (role is null || !PasswordRoles.Contains(role)) return Refused("role", "The role must be admin, staff or viewer. Board members are added with POST /api/board.");
        if (string.IsNullOrEmpty(password)) return Refused("password", "Give a first password of at least 12 characters.");
        var address = email.Trim();
        if (await users.FindByNameAsync(address) is not null) return new AccountChange(null, "email", "There is already an account with that email address.", Conflict: true);
        var account = new Account { Id = Guid.NewGuid(), UserName = address, Email = address, DisplayName = name.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(account, password);
        if (!created.Succeeded) return Refused("password", string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(account, role);
        await audit.RecordAsync("account-created", by.ActorName(), account.Id, $"{account.DisplayName}, role {role}", ct);
        return new AccountChange(account.Id);
    }

    public async Task<AccountChange> ChangeRoleAsync(Guid id, string? role, ClaimsPrincipal by, CancellationToken ct)
    {
        if (!AccountRoles.IsRole(role)) return Refused("role", "The role must be admin, staff, board or viewer.");
        if (await users.FindByIdAsync(id.ToString()) is not { } account) return new AccountChange(null, NotFound: true);
        await users.RemoveFromRolesAsync(account, await users.GetRolesAsync(account));
        await users.AddToRoleAsync(account, role!);
        // Ends the account's sessions: its cookie is checked against the stamp at every request.
        await users.UpdateSecurityStampAsync(account);
        await audit.RecordAsync("role-changed", by.ActorName(), id, $"{account.DisplayName} is now {role}", ct);
        return new AccountChange(id);
    }

    public async Task<AccountChange> RemoveAsync(Guid id, ClaimsPrincipal by, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } account) return new AccountChange(null, NotFound: true);
        await users.DeleteAsync(account);
        await audit.RecordAsync("account-removed", by.ActorName(), id, account.DisplayName, ct);
        return new AccountChange(id);
    }

    private static AccountChange Refused(string field, string problem) => new(null, field, problem);
}
