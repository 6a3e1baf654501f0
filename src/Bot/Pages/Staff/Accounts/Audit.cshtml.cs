using CoProduction.Store.Accounts;
using CoProduction.Store.Privacy;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.Staff.Accounts;

/// <summary>The audit log for admins, newest first, a page at a time, filtered by what happened and who did it.</summary>
public sealed class AuditModel(AuditLog audit, IOptions<PrivacyOptions> privacy) : PageModel
{
    public const int PageSize = 50;

    public AuditPage Entries { get; private set; } = new([], 1, false);
    public string? What { get; private set; }
    public string? Who { get; private set; }
    public int RetentionDays => privacy.Value.AuditRetentionDays;

    /// <param name="number">?page=; not named page, which Razor Pages keeps for the page's own name.</param>
    public async Task OnGetAsync(string? what, string? who, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int? number, CancellationToken ct)
    {
        // Filters arrive in the address: overlong ones are cut rather than refused.
        What = string.IsNullOrWhiteSpace(what) ? null : what.Trim()[..Math.Min(what.Trim().Length, 32)];
        Who = string.IsNullOrWhiteSpace(who) ? null : who.Trim()[..Math.Min(who.Trim().Length, 200)];
        Entries = await audit.PageAsync(What, Who, Math.Clamp(number ?? 1, 1, 100_000), PageSize, ct);
    }
}
