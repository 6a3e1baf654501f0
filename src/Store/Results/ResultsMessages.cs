using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

/// <summary>What one person is sent when results come back: a text and the words for a call, in their language.</summary>
public sealed record ResultsMessage(string Text, string Spoken, string Language);

/// <summary>
/// Composes the results message for one person from the survey's latest release, as the public
/// page shows it (the same <see cref="PublicResultsQuery"/>, so the same disclosure control).
/// </summary>
public sealed class ResultsMessages(StoreDbContext db, PublicResultsQuery query)
{
    /// <param name="publicBaseUrl">The service's public address, for the link; empty gives a site-relative link.</param>
    public async Task<ResultsMessage?> ForAsync(string surveyId, Guid personId, string? publicBaseUrl, CancellationToken ct)
    {
        var language = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Language).FirstOrDefaultAsync(ct);
        language = string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase) ? "cy" : "en";
        var results = await query.GetAsync(surveyId, language, ct);
        if (results is null) return null;
        var vote = await db.QuickVotes.AnyAsync(v => v.SurveyId == surveyId, ct);
        var link = LinkFor(publicBaseUrl, surveyId, language);
        return new ResultsMessage(ResultsSummary.Text(results, link, vote), ResultsSummary.Spoken(results, vote), language);
    }

    public static string LinkFor(string? publicBaseUrl, string surveyId, string language) =>
        (publicBaseUrl?.TrimEnd('/') ?? "") + "/results/" + Uri.EscapeDataString(surveyId) + (language == "cy" ? "?lang=cy" : "");
}
