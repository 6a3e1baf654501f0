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

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public bool GoodRowsOnly { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await CountAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV file of people to import.");
        }
        else
        {
            using var reader = new StreamReader(Upload.OpenReadStream());
            Result = await importer.ImportAsync(new StringReader(await reader.ReadToEndAsync(ct)), GoodRowsOnly, ct);
        }
        await CountAsync(ct);
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
