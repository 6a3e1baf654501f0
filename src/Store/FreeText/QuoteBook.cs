using CoProduction.Store.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.FreeText;

/// <summary>
/// Quotes: staff choose a written answer, the personal-data check reads it, and only an approved
/// quote reaches the public page. A flagged quote is approved only after staff edit the name or
/// number out (the answer itself stays as the person wrote it; the edit is what the public reads)
/// or confirm with a reason why what was flagged is not personal. Editing an approved quote takes
/// it off the page until it is approved again.
/// </summary>
public sealed class QuoteBook(StoreDbContext db, FreeTextAnswerLookup answers, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "quotes-read";

    public async Task<FreeTextOutcome<Quote>> ProposeAsync(string surveyId, long answerId, Actor who, CancellationToken ct)
    {
        var (answer, problem) = await answers.FindAsync(surveyId, answerId, ct);
        if (answer is null) return FreeTextOutcome<Quote>.NotFound(problem!);
        var existing = await db.Set<Quote>().AsNoTracking().FirstOrDefaultAsync(q => q.AnswerId == answerId, ct);
        if (existing is not null) return new(FreeTextStatus.Done, existing);
        if (answer.Value!.Length > FreeTextLimits.QuoteText)
        {
            return FreeTextOutcome<Quote>.Invalid($"This answer is longer than {FreeTextLimits.QuoteText} characters: too long to quote whole.");
        }

        var quote = new Quote
        {
            Id = Guid.NewGuid(), SurveyId = surveyId, QuestionId = answer.QuestionId, AnswerId = answerId, Text = answer.Value,
            Flags = PersonalDataCheck.Flags(PersonalDataCheck.Find(answer.Value)), Status = QuoteStatus.Proposed,
            ChosenBy = who.Short, CreatedAt = time.GetUtcNow(),
        };
        db.Add(quote);
        try
        {
            await db.SaveChangesAsync(ct);
            return new(FreeTextStatus.Created, quote);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new(FreeTextStatus.Done, await db.Set<Quote>().AsNoTracking().FirstAsync(q => q.AnswerId == answerId, ct));
        }
    }

    /// <summary>Staff's edit becomes what the public would read; it is checked again, and needs approving again.</summary>
    public async Task<FreeTextOutcome<Quote>> EditAsync(string surveyId, Guid quoteId, string? text, CancellationToken ct)
    {
        var quote = await db.Set<Quote>().FirstOrDefaultAsync(q => q.Id == quoteId && q.SurveyId == surveyId, ct);
        if (quote is null) return NoSuchQuote(surveyId);
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return FreeTextOutcome<Quote>.Invalid("Write the quote as the public should read it.");
        if (text.Length > FreeTextLimits.QuoteText) return FreeTextOutcome<Quote>.Invalid($"Keep a quote to {FreeTextLimits.QuoteText} characters.");
        var original = await db.Answers.Where(a => a.Id == quote.AnswerId).Select(a => a.Value).FirstAsync(ct);
        if (text == quote.Text) return new(FreeTextStatus.Done, quote);

        quote.Text = text;
        quote.Edited = text != original;
        quote.Flags = PersonalDataCheck.Flags(PersonalDataCheck.Find(text));
        quote.ConfirmReason = null;
        if (quote.Status == QuoteStatus.Approved) quote.Status = QuoteStatus.Proposed;
        await db.SaveChangesAsync(ct);
        return new(FreeTextStatus.Done, quote);
    }

    /// <param name="reason">Needed when the check flagged the quote: why it is not personal data after all.</param>
    public async Task<FreeTextOutcome<Quote>> ApproveAsync(string surveyId, Guid quoteId, string? reason, Actor who, CancellationToken ct)
    {
        var quote = await db.Set<Quote>().FirstOrDefaultAsync(q => q.Id == quoteId && q.SurveyId == surveyId, ct);
        if (quote is null) return NoSuchQuote(surveyId);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason?.Length > FreeTextLimits.Reason) return FreeTextOutcome<Quote>.Invalid($"Keep the reason to {FreeTextLimits.Reason} characters.");
        if (quote.Flags.Length > 0 && reason is null)
        {
            return FreeTextOutcome<Quote>.Conflict(
                $"The check found what may be a {Describe(quote.Flags)} in this quote. Edit it out first, or confirm with a reason why it is not personal.");
        }
        if (quote.Status != QuoteStatus.Approved)
        {
            quote.Status = QuoteStatus.Approved;
            quote.ApprovedBy = who.Short;
            quote.ApprovedAt = time.GetUtcNow();
            quote.WithdrawnAt = null;
        }
        if (quote.Flags.Length > 0) quote.ConfirmReason = reason;
        await db.SaveChangesAsync(ct);
        return new(FreeTextStatus.Done, quote);
    }

    public async Task<FreeTextOutcome<Quote>> WithdrawAsync(string surveyId, Guid quoteId, CancellationToken ct)
    {
        var quote = await db.Set<Quote>().FirstOrDefaultAsync(q => q.Id == quoteId && q.SurveyId == surveyId, ct);
        if (quote is null) return NoSuchQuote(surveyId);
        if (quote.Status != QuoteStatus.Withdrawn)
        {
            quote.Status = QuoteStatus.Withdrawn;
            quote.WithdrawnAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return new(FreeTextStatus.Done, quote);
    }

    /// <summary>Every quote of the survey with the answer as the person wrote it, newest first; recorded in the audit log, as it shows people's words.</summary>
    public async Task<IReadOnlyList<(Quote Quote, string Original)>> ListAsync(string surveyId, Actor who, CancellationToken ct)
    {
        await audit.RecordAsync(AuditAction, who.Short, who.AccountId, $"Survey {surveyId}, quotes and their answers", ct);
        var rows = await (
                from q in db.Set<Quote>().AsNoTracking()
                join a in db.Answers on q.AnswerId equals a.Id
                where q.SurveyId == surveyId
                select new { Quote = q, Original = a.Value })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Quote.CreatedAt).ThenBy(r => r.Quote.Id).Select(r => (r.Quote, r.Original ?? "")).ToList();
    }

    /// <summary>What the public page shows: approved quotes' text only, newest approval first.</summary>
    public async Task<IReadOnlyList<string>> PublicAsync(string surveyId, CancellationToken ct)
    {
        var approved = await db.Set<Quote>().AsNoTracking().Where(q => q.SurveyId == surveyId && q.Status == QuoteStatus.Approved)
            .Select(q => new { q.Text, q.ApprovedAt, q.Id }).ToListAsync(ct);
        return approved.OrderByDescending(q => q.ApprovedAt).ThenBy(q => q.Id).Select(q => q.Text).ToList();
    }

    /// <summary>"name", "phone number", "name or phone number".</summary>
    public static string Describe(string flags) =>
        string.Join(" or ", flags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(f => f switch
        {
            "phone" => "phone number",
            "email" => "email address",
            _ => "name",
        }));

    private static FreeTextOutcome<Quote> NoSuchQuote(string surveyId) => FreeTextOutcome<Quote>.NotFound($"The survey '{surveyId}' has no such quote.");
}
