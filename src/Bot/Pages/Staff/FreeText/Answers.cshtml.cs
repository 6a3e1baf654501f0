using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Store.FreeText;
using CoProduction.Store.Results;
using CoProduction.Surveys.Definitions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Bot.Pages.Staff.FreeText;

/// <summary>
/// /staff/results/{surveyId}/answers: the written answers to one text question, 20 a page, newest
/// first, for staff and the board to read and tag with themes; staff can choose one as a quote.
/// Every opening of the page is in the audit log (the store records it as it reads).
/// </summary>
public sealed class AnswersModel(FreeTextAnswers answers, ThemeBook themes, AnswerTags tags, QuoteBook quotes, StaffResultsQuery rounds, StoreDbContext db) : StaffForm
{
    [BindProperty(SupportsGet = true, Name = "question")] public string? QuestionId { get; set; }
    [BindProperty(SupportsGet = true, Name = "round")] public string? RoundText { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public string SurveyId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public IReadOnlyList<Question> TextQuestions { get; private set; } = [];
    public IReadOnlyList<RoundSummary> Rounds { get; private set; } = [];
    public IReadOnlyList<Theme> Themes { get; private set; } = [];
    public FreeTextPage? Written { get; private set; }
    /// <summary>Why no answers are shown (a round not of this survey, a question without written answers).</summary>
    public string? NotShown { get; private set; }

    public Question? Question => TextQuestions.FirstOrDefault(q => q.Id == QuestionId);

    public Task<IActionResult> OnGetAsync(string surveyId, CancellationToken ct) => ShowAsync(surveyId, ct);

    /// <summary>The answer's themes become exactly the boxes ticked.</summary>
    public async Task<IActionResult> OnPostTagAsync(string surveyId, long answerId, long[] themeIds, CancellationToken ct)
    {
        var outcome = await tags.SetAsync(surveyId, answerId, themeIds, User.AsActor(), ct);
        if (!outcome.Succeeded)
        {
            Problem($"themes-{answerId}", outcome.Detail!);
            return await ShowAsync(surveyId, ct);
        }
        return Redirect(Url.Page("Answers", null, new { surveyId, question = QuestionId, round = RoundText, p = PageNumber }) + $"#answer-{answerId}");
    }

    public async Task<IActionResult> OnPostQuoteAsync(string surveyId, long answerId, CancellationToken ct)
    {
        if (!User.IsStaff()) return Forbid();
        var outcome = await quotes.ProposeAsync(surveyId, answerId, User.AsActor(), ct);
        if (!outcome.Succeeded)
        {
            Problem($"quote-{answerId}", outcome.Detail!);
            return await ShowAsync(surveyId, ct);
        }
        return Redirect(Url.Page("Quotes", null, new { surveyId }) + $"#quote-{outcome.Value!.Id}");
    }

    private async Task<IActionResult> ShowAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return NotFound();
        SurveyId = surveyId;
        Title = survey.Title;
        TextQuestions = await answers.TextQuestionsAsync(surveyId, ct);
        Rounds = await rounds.RoundsAsync(surveyId, ct);
        Themes = await themes.ListAsync(surveyId, ct);
        if (TextQuestions.Count == 0) return Page();
        if (string.IsNullOrEmpty(QuestionId)) QuestionId = TextQuestions[0].Id;
        if (!FreeTextApi.TryRound(RoundText, out var round))
        {
            NotShown = "That round is not one of this survey's. Choose a round from the list.";
            return Page();
        }
        var outcome = await answers.ReadAsync(surveyId, QuestionId, round, PageNumber, User.AsActor(), ct);
        if (outcome.Succeeded) Written = outcome.Value;
        else NotShown = outcome.Detail;
        return Page();
    }

    public string ThemeName(long id) => Themes.FirstOrDefault(t => t.Id == id)?.Name ?? $"theme {id}";

    public string? PageLink(int page) => Url.Page("Answers", null, new { surveyId = SurveyId, question = QuestionId, round = RoundText, p = page });
}
