using System.Security.Cryptography;
using System.Text;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

/// <summary>The optional Welsh words of an action ("cy": { "text", "why" }), for people who chose Welsh.</summary>
public sealed record ActionWelsh(string? Text, string? Why);

/// <param name="Id">The action's id, when it was recorded.</param>
/// <param name="Created">False when the same action was already recorded (its status is updated instead).</param>
/// <param name="Problem">Why it was not recorded, in plain English.</param>
public sealed record ActionOutcome(Guid? Id, bool Created, string? Problem, bool SurveyMissing = false);

/// <summary>
/// "You said, we did": records actions against a survey, a question and a round. The same action
/// sent again (same words, question and round) is one action whose status moves on
/// (planned, then done), not a second copy: a unique fingerprint makes that hold for requests
/// that arrive at the same moment too.
/// </summary>
public sealed class ActionBook(StoreDbContext db, ResultsQuery results, TimeProvider time)
{
    public static readonly IReadOnlyDictionary<string, ActionStatus> Statuses = new Dictionary<string, ActionStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["planned"] = ActionStatus.Planned,
        ["done"] = ActionStatus.Done,
        ["not-possible"] = ActionStatus.NotPossible,
    };

    public static string Name(ActionStatus status) => Statuses.First(s => s.Value == status).Key;

    public async Task<ActionOutcome> RecordAsync(string surveyId, string? questionId, Guid? roundId, string? text, string? status, string? why, CancellationToken ct) =>
        await RecordAsync(surveyId, questionId, roundId, text, status, why, null, ct);

    /// <param name="cy">Welsh words, or null for none: the Welsh page and messages then show the English, as survey wording does.</param>
    public async Task<ActionOutcome> RecordAsync(string surveyId, string? questionId, Guid? roundId, string? text, string? status, string? why, ActionWelsh? cy, CancellationToken ct)
    {
        if (!await db.Surveys.AnyAsync(s => s.Id == surveyId, ct)) return new(null, false, $"There is no survey with the id '{surveyId}'.", SurveyMissing: true);

        text = text?.Trim();
        why = string.IsNullOrWhiteSpace(why) ? null : why.Trim();
        questionId = string.IsNullOrWhiteSpace(questionId) ? null : questionId.Trim();
        if (string.IsNullOrEmpty(text)) return Problem("Say what was done in \"text\".");
        if (text.Length > ActionLimits.TextLength || why?.Length > ActionLimits.TextLength)
        {
            return Problem($"Keep \"text\" and \"why\" to {ActionLimits.TextLength} characters each: a few short sentences.");
        }
        var textCy = cy?.Text?.Trim();
        var whyCy = string.IsNullOrWhiteSpace(cy?.Why) ? null : cy.Why.Trim();
        if (cy is not null && string.IsNullOrEmpty(textCy)) return Problem("Say what was done in Welsh in \"cy\": { \"text\": \"...\" }, or leave \"cy\" out.");
        if (textCy?.Length > ActionLimits.TextLength || whyCy?.Length > ActionLimits.TextLength)
        {
            return Problem($"Keep the Welsh \"text\" and \"why\" to {ActionLimits.TextLength} characters each: a few short sentences.");
        }
        if (whyCy is not null && why is null) return Problem("Give \"why\" in English too when \"cy\" has one.");
        if (status is null || !Statuses.TryGetValue(status, out var parsed))
        {
            return Problem("\"status\" must be \"planned\", \"done\" or \"not-possible\".");
        }
        if (questionId is not null)
        {
            var definition = await results.DefinitionAsync(surveyId, null, ct);
            if (definition?.FindQuestion(questionId) is null) return Problem($"The survey '{surveyId}' has no question '{questionId}'.");
        }
        if (roundId is { } round && !await db.Rounds.AnyAsync(r => r.Id == round && r.SurveyId == surveyId, ct))
        {
            return Problem($"The survey '{surveyId}' has no round '{round}'.");
        }

        var fingerprint = Fingerprint(questionId, roundId, text);
        var existing = await db.SurveyActions.FirstOrDefaultAsync(a => a.SurveyId == surveyId && a.Fingerprint == fingerprint, ct);
        if (existing is not null) return await UpdateAsync(existing, parsed, why, textCy, whyCy, ct);

        var action = new SurveyAction
        {
            Id = Guid.NewGuid(),
            SurveyId = surveyId,
            QuestionId = questionId,
            RoundId = roundId,
            Text = text,
            Status = parsed,
            Why = why,
            TextCy = textCy,
            WhyCy = whyCy,
            Fingerprint = fingerprint,
            CreatedAt = time.GetUtcNow(),
        };
        action.UpdatedAt = action.CreatedAt;
        db.SurveyActions.Add(action);
        try
        {
            await db.SaveChangesAsync(ct);
            return new(action.Id, true, null);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            existing = await db.SurveyActions.FirstAsync(a => a.SurveyId == surveyId && a.Fingerprint == fingerprint, ct);
            return await UpdateAsync(existing, parsed, why, textCy, whyCy, ct);
        }
    }

    public async Task<IReadOnlyList<SurveyAction>> ListAsync(string surveyId, CancellationToken ct)
    {
        var actions = await db.SurveyActions.AsNoTracking().Where(a => a.SurveyId == surveyId).ToListAsync(ct);
        return actions.OrderBy(a => a.CreatedAt).ThenBy(a => a.Text, StringComparer.Ordinal).ToList();
    }

    /// <summary>The same action again: its status moves on, and words given now (a reason, the Welsh) are added.</summary>
    private async Task<ActionOutcome> UpdateAsync(SurveyAction action, ActionStatus status, string? why, string? textCy, string? whyCy, CancellationToken ct)
    {
        action.Status = status;
        action.Why = why ?? action.Why;
        action.TextCy = textCy ?? action.TextCy;
        action.WhyCy = whyCy ?? action.WhyCy;
        action.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new(action.Id, false, null);
    }

    private static ActionOutcome Problem(string reason) => new(null, false, reason);

    /// <summary>Same words (any case and spacing), question and round: the same action.</summary>
    private static string Fingerprint(string? questionId, Guid? roundId, string text)
    {
        var normal = string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{questionId}\n{roundId}\n{normal}")));
    }
}
