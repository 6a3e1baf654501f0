using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.People;

/// <summary>Finds one person by phone number or id, as the first step of a subject access request or an erasure.</summary>
public sealed class PrivacyModel(StoreDbContext db) : PageModel
{
    public string? Find { get; private set; }
    public string? Error { get; private set; }
    public Person? Found { get; private set; }

    public async Task OnGetAsync(string? find, CancellationToken ct)
    {
        Find = find?.Trim();
        if (string.IsNullOrEmpty(Find)) return;
        if (Guid.TryParse(Find, out var id))
        {
            Found = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        }
        else if (CoProduction.Store.PhoneNumbers.ToE164(Find) is { } phone)
        {
            Found = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Phone == phone, ct);
        }
        else
        {
            Error = "That is not a phone number or a person id. Write a number like 07700 900123.";
            return;
        }
        if (Found is null) Error = "Nobody has that phone number or id. An erased person can only be found by their id.";
    }
}
