using System.Text;
using System.Text.Json;
using CoProduction.Scheduling.Rounds;
using CoProduction.Store;
using CoProduction.Store.Library;
using CoProduction.Store.Model;
using CoProduction.Store.Results;
using CoProduction.Surveys.Understanding;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Votes;

/// <summary>
/// Quick votes as what they are: a one-question survey (so the board approves its words under
/// the same rule as any survey, and replies are read by the same readers) put to groups as a
/// round (so invitations, opt-outs, quiet hours and the send rate are the rounds' own). Closing
/// is a release of the round, so the result sent back is disclosed like every public figure.
/// </summary>
public sealed class QuickVotes(StoreDbContext db, SurveyLibrary library, RoundPlanner rounds, ResultsQuery results, TimeProvider time)
{
    public const int MinOptions = 2;
    public const int MaxOptions = 6;
    public const int MaxQuestionLength = 160;
    public const int MaxOptionLength = 40;
    public const string QuestionId = "vote";

    public async Task<VoteCreated> CreateAsync(VoteRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var problems = new List<string>();
        var question = request.Question?.Trim() ?? "";
        if (question.Length == 0) problems.Add("Say what the vote asks: \"question\": \"Which colour for the lounge?\".");
        else if (question.Length > MaxQuestionLength) problems.Add($"The question can be at most {MaxQuestionLength} letters, so it fits in one text with its options.");
        var options = Trimmed(request.Options);
        if (options.Count is < MinOptions or > MaxOptions) problems.Add($"A vote has {MinOptions} to {MaxOptions} options: \"options\": [\"Blue\", \"Green\"].");
        CheckOptions(options, "", problems);
        var welsh = request.Cy is { } cy ? Welsh(cy, options.Count, problems) : null;
        var groups = (request.Groups ?? []).Select(g => g?.Trim().ToLowerInvariant() ?? "").Where(g => g.Length > 0).Distinct().ToList();
        if (groups.Count == 0) problems.Add("Say which groups to ask: \"groups\": [\"bristol-homes\"].");
        if (groups.Any(g => g.Contains(';') || g.Length > 100)) problems.Add("A group name cannot contain ';' or be longer than 100 letters.");
        if (request.Closes is not { } closes) { problems.Add("Say when the vote closes: \"closes\": \"2026-03-14T17:00:00Z\"."); closes = default; }
        else if (closes <= now) problems.Add("The closing time has already passed.");
        if (string.Join(';', groups).Length > 2000) problems.Add("Too many groups for one vote.");
        if (problems.Count > 0) return new VoteCreated(null, problems);

        var id = Guid.CreateVersion7(now);
        var tail = id.ToString("N")[^12..];
        var imported = await library.ImportAsync(Yaml("vote-" + tail, "V" + tail.ToUpperInvariant(), question, options, welsh), ct);
        if (!imported.Succeeded) return new VoteCreated(null, imported.Errors.Select(e => e.Message).ToList());
        db.QuickVotes.Add(new QuickVote
        {
            Id = id, SurveyId = imported.SurveyId!, Groups = string.Join(';', groups), ClosesAt = closes.ToUniversalTime(), CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return new VoteCreated(id, []);
    }

    /// <summary>
    /// Publishes the vote's survey (when the board's approval rule allows) and makes its round.
    /// Returns the round, or why not yet. Safe to call twice: only one round is ever kept.
    /// </summary>
    public async Task<VoteOpening> OpenAsync(Guid id, CancellationToken ct)
    {
        var vote = await db.QuickVotes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vote is null) return VoteOpening.NotFound;
        if (vote.RoundId is { } existing) return new VoteOpening(true, existing, null, false);
        var published = await library.PublishAsync(vote.SurveyId, ct);
        if (published.Status != PublishStatus.Published) return new VoteOpening(true, null, published.Reason, false);
        var made = await rounds.CreateAsync(new RoundRequest(vote.SurveyId, vote.Groups.Split(';'), "preferred", null, vote.ClosesAt), ct);
        if (!made.Succeeded) return new VoteOpening(true, null, string.Join(" ", made.Problems), false);
        var round = made.Id!.Value;
        var won = await db.QuickVotes.Where(v => v.Id == id && v.RoundId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.RoundId, (Guid?)round), ct) == 1;
        if (!won)
        {
            // Another request opened it at the same moment: its round stands, this one goes.
            await db.Rounds.Where(r => r.Id == round).ExecuteDeleteAsync(ct);
            var kept = await db.QuickVotes.AsNoTracking().Where(v => v.Id == id).Select(v => v.RoundId).FirstAsync(ct);
            return new VoteOpening(true, kept, null, false);
        }
        return new VoteOpening(true, round, null, true);
    }

    /// <summary>
    /// Undoes an opening whose invitations could not be queued (the job queue refused): the round
    /// goes (no invitation exists yet) and the vote waits to be opened again, so it never looks
    /// open while nobody is asked.
    /// </summary>
    public async Task TakeBackOpeningAsync(Guid id, Guid round, CancellationToken ct)
    {
        await db.QuickVotes.Where(v => v.Id == id && v.RoundId == round).ExecuteUpdateAsync(s => s.SetProperty(v => v.RoundId, (Guid?)null), ct);
        await db.Rounds.Where(r => r.Id == round).ExecuteDeleteAsync(ct);
    }

    public async Task<VoteState?> GetAsync(Guid id, CancellationToken ct)
    {
        var vote = await db.QuickVotes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vote is null) return null;
        var definition = await db.SurveyVersions.AsNoTracking().Where(v => v.SurveyId == vote.SurveyId).OrderBy(v => v.Version).Select(v => v.Version).FirstAsync(ct);
        var survey = await results.DefinitionAsync(vote.SurveyId, definition, ct);
        var question = survey!.Questions[0];
        var counts = vote.RoundId is { } round ? (await results.GetAsync(vote.SurveyId, round, ct))?.Questions.FirstOrDefault(q => q.Id == QuestionId)?.Counts : null;
        var options = question.Options.Select(o => new VoteOption(o.Id, o.Text.Get(survey.DefaultLanguage), counts?.GetValueOrDefault(o.Id) ?? 0)).ToList();
        var now = time.GetUtcNow();
        var state = vote.ClosedAt is not null || (vote.RoundId is not null && vote.ClosesAt <= now) ? "closed"
            : vote.RoundId is null ? (vote.ClosesAt <= now ? "expired" : "awaiting-approval")
            : "open";
        string? waiting = null;
        if (state == "awaiting-approval")
        {
            waiting = "The board has not approved the vote's words yet: approve the survey " + vote.SurveyId + ", then POST /api/votes/" + id + "/open.";
        }
        var cy = survey.Languages.Contains("cy") ? new VoteWelsh(question.Wording.Text.Get("cy"), question.Options.Select(o => (string?)o.Text.Get("cy")).ToList()) : null;
        return new VoteState(vote.Id, vote.SurveyId, state, question.Wording.Text.Get(survey.DefaultLanguage), options,
            options.Sum(o => o.Votes), vote.ClosesAt, vote.RoundId, waiting, cy);
    }

    private static List<string> Trimmed(IReadOnlyList<string?>? texts) => (texts ?? []).Select(t => t?.Trim() ?? "").ToList();

    /// <param name="language">"" for the main wording, " in Welsh" for the Welsh.</param>
    private static void CheckOptions(List<string> options, string language, List<string> problems)
    {
        if (options.Any(o => o.Length == 0)) problems.Add($"Every option{language} needs some words.");
        if (options.Any(o => o.Length > MaxOptionLength)) problems.Add($"An option{language} can be at most {MaxOptionLength} letters.");
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count) problems.Add($"Two options{language} have the same words.");
    }

    /// <summary>
    /// The optional Welsh wording: all of it or none (a vote half in Welsh would read one option
    /// in English), checked as the English is, one Welsh option for each option in the same order.
    /// </summary>
    private static VoteWording? Welsh(VoteWelsh cy, int optionCount, List<string> problems)
    {
        var before = problems.Count;
        var question = cy.Question?.Trim() ?? "";
        if (question.Length == 0) problems.Add("Say what the vote asks in Welsh: \"cy\": { \"question\": \"Pa liw i'r lolfa?\", \"options\": [...] }, or leave \"cy\" out.");
        else if (question.Length > MaxQuestionLength) problems.Add($"The question in Welsh can be at most {MaxQuestionLength} letters, so it fits in one text with its options.");
        var options = Trimmed(cy.Options);
        if (options.Count != optionCount) problems.Add($"Give one Welsh option for each option, in the same order: \"cy\": {{ \"options\": [...] }} has {options.Count}, the vote has {optionCount}.");
        CheckOptions(options, " in Welsh", problems);
        return problems.Count == before ? new VoteWording(question, options) : null;
    }

    /// <summary>
    /// The vote as a survey file: every text JSON-quoted, which YAML reads as a double-quoted
    /// string; with Welsh wording, a survey in English and Welsh, so each person gets it (and its
    /// result) in their own language by the rules every survey follows.
    /// </summary>
    internal static string Yaml(string surveyId, string keyword, string question, IReadOnlyList<string> options, VoteWording? welsh = null)
    {
        // One wording, or a map of both languages when there is Welsh.
        string Words(string en, string? cy) => welsh is null ? Q(en) : $"{{ en: {Q(en)}, cy: {Q(cy!)} }}";
        static string Short(string text) => text.Length > 150 ? text[..150] : text;
        var (english, cymraeg) = (ResultsPhrases.English, ResultsPhrases.Welsh);
        var y = new StringBuilder();
        y.Append("id: ").Append(surveyId).Append('\n');
        if (welsh is not null) y.Append("languages: [en, cy]\n");
        y.Append("title: ").Append(Words(english.VoteOn(Short(question)), welsh is null ? null : cymraeg.VoteOn(Short(welsh.Question)))).Append('\n');
        y.Append("keyword: ").Append(keyword).Append('\n');
        y.Append("intro: ").Append(Words(english.VoteIntro, cymraeg.VoteIntro)).Append('\n');
        y.Append("outro: ").Append(Words(english.VoteOutro, cymraeg.VoteOutro)).Append('\n');
        y.Append("questions:\n  - id: ").Append(QuestionId).Append("\n    type: choice\n    text: ").Append(Words(question, welsh?.Question)).Append("\n    options:\n");
        for (var i = 0; i < options.Count; i++)
        {
            y.Append("      - { id: o").Append(i + 1).Append(", text: ").Append(Words(options[i], welsh?.Options[i])).Append(" }\n");
        }
        return y.ToString();
    }

    private static string Q(string text) => JsonSerializer.Serialize(text, Quoting);

    private static readonly JsonSerializerOptions Quoting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <param name="Found">False when there is no such vote.</param>
/// <param name="Waiting">Why it cannot open yet (the board has not approved it, the closing time passed).</param>
/// <param name="JustOpened">True for the one call that made the round: it queues the invitations and the closing.</param>
/// <summary>Checked wording in one language.</summary>
internal sealed record VoteWording(string Question, IReadOnlyList<string> Options);

public sealed record VoteOpening(bool Found, Guid? Round, string? Waiting, bool JustOpened)
{
    public static readonly VoteOpening NotFound = new(false, null, null, false);
}
