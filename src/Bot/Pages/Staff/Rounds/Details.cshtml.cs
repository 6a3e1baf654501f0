using CoProduction.Scheduling.Rounds;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Rounds;

public sealed class DetailsModel(RoundPlanner rounds, CoProduction.Bot.Staff.OrganisationTime clock) : PageModel
{
    public RoundProgress? Round { get; private set; }
    public CoProduction.Bot.Staff.OrganisationTime Clock => clock;

    public IReadOnlyList<RoundProblem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Round = await rounds.ProgressAsync(id, ct);
        if (Round is not null) Problems = await rounds.ProblemsAsync(id, ct);
        return Round is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct)
    {
        await rounds.CloseAsync(id, ct);
        return RedirectToPage(new { id });
    }
}
