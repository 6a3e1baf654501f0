using CoProduction.Store;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff;

public sealed class IndexModel(SurveyLibrary library) : PageModel
{
    public IReadOnlyList<SurveySummary> Surveys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Surveys = await library.ListAsync(cancellationToken);
    }
}
