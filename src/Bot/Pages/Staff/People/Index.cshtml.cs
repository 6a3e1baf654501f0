using CoProduction.Scheduling.People;
using CoProduction.Store;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.People;

[RequestSizeLimit(CoProduction.Bot.Staff.SchedulingApi.MaxPeopleFileBytes + 64 * 1024)]
public sealed class IndexModel(PeopleImporter importer, StoreDbContext db) : PageModel
{
    public int PeopleCount { get; private set; }
    public int DueThisMonth { get; private set; }
    public PeopleImportResult? Result { get; private set; }

    public const int PageSize = 25;

    public sealed record Row(Guid Id, string Name, string PhoneEnding, string Channel, string Groups, DateOnly? NextCheckin);

    /// <summary>Search words: part of a name or a group, or the last digits of a phone number.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<Row> Found { get; private set; } = [];
    public int FoundCount { get; private set; }
    public int Pages => Math.Max(1, (FoundCount + PageSize - 1) / PageSize);

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool GoodRowsOnly { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await CountAsync(ct);
        await FindAsync(ct);
    }

    /// <summary>A page of people; a list never shows a whole phone number, only its last three digits.</summary>
    private async Task FindAsync(CancellationToken ct)
    {
        var query = db.People.AsNoTracking();
        var words = (Search ?? "").Trim();
        if (words.Length > 200) words = words[..200];
        if (words.Length > 0)
        {
            var digits = new string(words.Where(char.IsAsciiDigit).ToArray());
            var lower = words.ToLowerInvariant();
            query = digits.Length >= 3 && digits.Length == words.Replace(" ", "").Length
                ? query.Where(p => p.Phone != null && p.Phone.EndsWith(digits))
#pragma warning disable CA1304, CA1311 // Inside the query: EF makes it SQL lower(), which no server culture touches.
                : query.Where(p => (p.Name != null && p.Name.ToLower().Contains(lower)) || db.PersonGroups.Any(g => g.PersonId == p.Id && g.Group.Contains(lower)));
#pragma warning restore CA1304, CA1311
        }
        FoundCount = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var people = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var groups = await db.PersonGroups.AsNoTracking().Where(g => ids.Contains(g.PersonId)).ToListAsync(ct);
        Found = people.Select(p => new Row(p.Id, p.Name ?? "(no name)", p.Phone is { Length: > 3 } phone ? phone[^3..] : "",
            p.PreferredChannel?.ToString().ToLowerInvariant() ?? "sms",
            string.Join(", ", groups.Where(g => g.PersonId == p.Id).Select(g => g.Group).Order()), p.NextCheckin)).ToList();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file of people to import.");
        }
        else
        {
            using var reader = new StreamReader(Upload.OpenReadStream());
            Result = await importer.ImportAsync(reader, GoodRowsOnly, ct);
        }
        await CountAsync(ct);
        await FindAsync(ct);
        // The progress bar's script asks for JSON; a plain form post gets the page.
        if (Request.Headers.Accept.ToString().Contains("application/json") && Result is not null)
        {
            return new JsonResult(CoProduction.Bot.Staff.SchedulingApi.ToJson(Result));
        }
        return Page();
    }

    private async Task CountAsync(CancellationToken ct)
    {
        PeopleCount = await db.People.CountAsync(ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var monthEnd = today.AddMonths(1);
        DueThisMonth = await db.People.CountAsync(p => p.NextCheckin != null && p.NextCheckin <= monthEnd, ct);
    }
}
