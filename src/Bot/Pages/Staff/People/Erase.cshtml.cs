using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Store.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoProduction.Bot.Pages.Staff.People;

/// <summary>Erasing a person: a page that says what will go, a box to tick to confirm, then the erasure.</summary>
public sealed class EraseModel(StoreDbContext db, PersonEraser eraser, IOptions<PrivacyOptions> options) : PageModel
{
    public Person? Person { get; private set; }
    public int Answers { get; private set; }
    public bool DeletesAnswers => options.Value.DeletesAnswers;
    public string? Error { get; private set; }

    [TempData] public string? Message { get; set; }

    [BindProperty] public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!Confirm)
        {
            Error = "Tick the box to confirm that this person should be erased.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await eraser.EraseAsync(Person!.Id, User.ActorName(), ct);
        Message = outcome.Status == ErasureStatus.Erased
            ? $"{outcome.Answers} answers were {(outcome.AnswersDeleted ? "deleted" : "kept without anything that identifies them")}."
            : null;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var personId)) return false;
        Person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (Person is null) return false;
        Answers = await PersonAnswers.Of(db, personId).CountAsync(ct);
        return true;
    }
}
