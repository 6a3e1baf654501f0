using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Store.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.People;

/// <summary>Everything held about one person, readable (the API gives the same as JSON). Each view is audited.</summary>
public sealed class RecordModel(PersonRecords records) : PageModel
{
    public PersonRecord? Record { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var personId)) return NotFound();
        Record = await records.GatherAsync(personId, User.ActorName(), ct);
        return Record is null ? NotFound() : Page();
    }
}
