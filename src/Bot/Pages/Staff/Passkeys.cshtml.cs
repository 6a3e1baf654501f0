using CoProduction.Bot.Accounts;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff;

/// <summary>
/// Anyone signed in (staff with their password, a board member with the link texted to their own
/// phone) adds passkeys to their own account, sees them and removes them.
/// </summary>
public sealed class PasskeysModel(UserManager<Account> users, SignInManager<Account> signIn, AuditLog audit) : PageModel
{
    public const int MaxNameLength = 100;

    public sealed record Row(string Id, string Name, DateTimeOffset AddedAt);

    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }

    public PasskeyWords Words => PasskeyWords.For(Lang);
    public IReadOnlyList<Row> Passkeys { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (await users.GetUserAsync(User) is not { } account) return Forbid();
        Message = done switch { "added" => Words.Added, "removed" => Words.Removed, _ => null };
        await LoadAsync(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string? credential, string? name, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } account) return Forbid();
        name = string.IsNullOrWhiteSpace(name) ? Words.DefaultName : name.Trim();
        if (name.Length > MaxNameLength) return await RefuseAsync(account, Words.NameTooLong);
        if (string.IsNullOrWhiteSpace(credential)) return await RefuseAsync(account, Words.AddFailed);

        PasskeyAttestationResult attested;
        try
        {
            attested = await signIn.PerformPasskeyAttestationAsync(credential);
        }
        catch (InvalidOperationException)
        {
            // Identity's way of saying no passkey was begun in this browser (or it ran out of time).
            return await RefuseAsync(account, Words.AddFailed);
        }
        // The options were made for this account; a credential made for another one is refused.
        if (!attested.Succeeded || attested.UserEntity.Id != account.Id.ToString()) return await RefuseAsync(account, Words.AddFailed);
        attested.Passkey.Name = name;
        var added = await users.AddOrUpdatePasskeyAsync(account, attested.Passkey);
        if (!added.Succeeded) return await RefuseAsync(account, Words.AddFailed);
        await audit.RecordAsync("passkey-added", account.DisplayName, account.Id, "added a passkey", ct);
        return RedirectToPage(new { lang = Words.Lang == "cy" ? "cy" : null, done = "added" });
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id, CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } account) return Forbid();
        var credentialId = Decode(id);
        if (credentialId is null || await users.GetPasskeyAsync(account, credentialId) is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            Error = Words.NotFound;
            await LoadAsync(account);
            return Page();
        }
        await users.RemovePasskeyAsync(account, credentialId);
        await audit.RecordAsync("passkey-removed", account.DisplayName, account.Id, "removed a passkey", ct);
        return RedirectToPage(new { lang = Words.Lang == "cy" ? "cy" : null, done = "removed" });
    }

    private async Task<IActionResult> RefuseAsync(Account account, string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(account);
        return Page();
    }

    private async Task LoadAsync(Account account) =>
        Passkeys = (await users.GetPasskeysAsync(account))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new Row(Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Encode(p.CredentialId), p.Name ?? Words.DefaultName, p.CreatedAt))
            .ToList();

    private static byte[]? Decode(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 2048) return null;
        try
        {
            return Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Decode(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
