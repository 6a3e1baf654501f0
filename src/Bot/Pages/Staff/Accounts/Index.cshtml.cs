using CoProduction.Store;
using CoProduction.Store.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.Accounts;

/// <summary>Every account with its role and how it signs in; a phone shows only its last three digits.</summary>
public sealed class IndexModel(StoreDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Name, string SignsInWith, string Roles, bool Locked);

    public IReadOnlyList<Row> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        Accounts = (await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct))
            .Select(a => new Row(a.Id, a.DisplayName, a.Email ?? (a.PhoneNumber is { } p ? "a text to the phone ending " + PhoneEnding(p) : "nothing yet"),
                string.Join(", ", roles.Where(r => r.UserId == a.Id).Select(r => r.Name)), a.LockoutEnd > now))
            .ToList();
    }

    /// <summary>The last three digits: enough to tell two people apart, not enough to ring anyone.</summary>
    public static string PhoneEnding(string phone) => phone.Length <= 3 ? phone : phone[^3..];
}
