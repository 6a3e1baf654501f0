using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Store.FreeText;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.FreeText;

/// <summary>
/// /staff/results/{surveyId}/quotes (staff): every quote with what the personal-data check found,
/// the edit, approval (with a reason when flagged) and withdrawal. The list shows people's own
/// words, so the store records each opening in the audit log.
/// </summary>
public sealed class QuotesModel(QuoteBook quotes, StoreDbContext db) : StaffForm
{
    public string SurveyId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public IReadOnlyList<(Quote Quote, string Original)> List { get; private set; } = [];
    public string? Message { get; private set; }

    public Task<IActionResult> OnGetAsync(string surveyId, CancellationToken ct) => ShowAsync(surveyId, ct);

    public async Task<IActionResult> OnPostEditAsync(string surveyId, Guid quoteId, string? text, CancellationToken ct)
    {
        var outcome = await quotes.EditAsync(surveyId, quoteId, text, ct);
        if (!outcome.Succeeded) Problem($"text-{quoteId:N}", outcome.Detail!);
        else Message = outcome.Value!.Flags.Length > 0
            ? $"Saved. The check still finds what may be a {QuoteBook.Describe(outcome.Value.Flags)}."
            : "Saved. The check finds no names or numbers now: it can be approved.";
        return await ShowAsync(surveyId, ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(string surveyId, Guid quoteId, string? reason, CancellationToken ct)
    {
        var outcome = await quotes.ApproveAsync(surveyId, quoteId, reason, User.AsActor(), ct);
        if (!outcome.Succeeded) Problem($"reason-{quoteId:N}", outcome.Detail!);
        else Message = "Approved. The quote is on the public results page.";
        return await ShowAsync(surveyId, ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string surveyId, Guid quoteId, CancellationToken ct)
    {
        var outcome = await quotes.WithdrawAsync(surveyId, quoteId, ct);
        if (!outcome.Succeeded) Problem($"text-{quoteId:N}", outcome.Detail!);
        else Message = "Withdrawn. The quote is no longer on the public page.";
        return await ShowAsync(surveyId, ct);
    }

    private async Task<IActionResult> ShowAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return NotFound();
        SurveyId = surveyId;
        Title = survey.Title;
        List = await quotes.ListAsync(surveyId, User.AsActor(), ct);
        return Page();
    }


    public static string Status(QuoteStatus status) => status switch
    {
        QuoteStatus.Approved => "Approved: on the public page",
        QuoteStatus.Withdrawn => "Withdrawn: not public",
        _ => "Chosen: not public yet",
    };
}
