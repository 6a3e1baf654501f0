using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Accounts;

/// <summary>The audit log for admins: sign-ins, accounts, roles, keys and the board's approvals, newest first.</summary>
public sealed class AuditModel(AuditLog audit) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Entries = await audit.LatestAsync(500, ct);
}
