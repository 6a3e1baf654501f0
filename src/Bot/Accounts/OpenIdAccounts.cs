using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Accounts;

public enum OpenIdOutcome
{
    SignedIn,
    /// <summary>No answer from the provider in this browser: opened directly, twice, or too late.</summary>
    NotStarted,
    NoAccount,
    NoEmail,
    EmailNotVerified,
    LinkedToAnother,
    LockedOut,
}

public sealed record OpenIdResult(OpenIdOutcome Outcome, string? Email = null);

/// <summary>
/// Who may come in through the OpenID provider: only someone who already has an account here.
/// The first time, the provider's verified email address finds the account (staff accounts are
/// made by an admin with the person's work email) and the provider's id for the person is linked
/// to it; after that the link alone finds it. Nobody gets an account or a role from the provider.
/// </summary>
public sealed class OpenIdAccounts(
    SignInManager<Account> signIn, UserManager<Account> users, AuditLog audit, IOptions<OpenIdSignInOptions> options)
{
    private const string Unknown = "unknown account";

    public async Task<OpenIdResult> FinishAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var how = $"with {settings.DisplayName}";
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null || info.LoginProvider != OpenIdSignInOptions.Scheme) return new OpenIdResult(OpenIdOutcome.NotStarted);

        var email = info.Principal.FindFirst(settings.EmailClaim)?.Value.Trim();
        var account = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        var linked = false;
        if (account is null)
        {
            if (string.IsNullOrEmpty(email) || !email.Contains('@')) return await RefuseAsync(OpenIdOutcome.NoEmail, null, null, $"{how}, which gave no email address", ct);
            if (settings.RequireVerifiedEmail && !IsVerified(info))
            {
                return await RefuseAsync(OpenIdOutcome.EmailNotVerified, email, null, $"{how}, which has not verified the email address", ct);
            }
            var normalised = users.NormalizeEmail(email);
            var matches = await users.Users.Where(u => u.NormalizedEmail == normalised).Take(2).ToListAsync(ct);
            // Two accounts with one address would make the choice a guess: neither is signed in.
            if (matches.Count != 1) return await RefuseAsync(OpenIdOutcome.NoAccount, email, null, $"{how}: no account has that email address", ct);
            account = matches[0];
            if ((await users.GetLoginsAsync(account)).Any(l => l.LoginProvider == info.LoginProvider))
            {
                return await RefuseAsync(OpenIdOutcome.LinkedToAnother, email, account, $"{how}, but the account is linked to a different person there", ct);
            }
            if (await users.IsLockedOutAsync(account)) return await RefuseAsync(OpenIdOutcome.LockedOut, email, account, $"{how}, but the account is locked", ct);
            var added = await users.AddLoginAsync(account, info);
            if (!added.Succeeded) return await RefuseAsync(OpenIdOutcome.LinkedToAnother, email, account, $"{how}, but that person there is linked to another account", ct);
            linked = true;
        }

        // Signs in with the account's own roles, and drops the external cookie.
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (!result.Succeeded) return await RefuseAsync(OpenIdOutcome.LockedOut, email, account, $"{how}, but the account is locked", ct);
        await audit.RecordAsync(AuditActions.SignedIn, account.DisplayName, account.Id, linked ? $"{how} (linked to this account the first time)" : how, ct);
        return new OpenIdResult(OpenIdOutcome.SignedIn, email);
    }

    private static bool IsVerified(ExternalLoginInfo info) =>
        string.Equals(info.Principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);

    private async Task<OpenIdResult> RefuseAsync(OpenIdOutcome outcome, string? email, Account? account, string detail, CancellationToken ct)
    {
        // The provider's answer is used up: a refused person starts again from the sign-in page.
        await signIn.Context.SignOutAsync(IdentityConstants.ExternalScheme);
        await audit.RecordAsync(AuditActions.SignInRefused, account?.DisplayName ?? Unknown, account?.Id, detail, ct);
        return new OpenIdResult(outcome, email);
    }
}
