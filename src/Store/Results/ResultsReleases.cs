using System.Text.Json;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

public enum ReleaseStatus { Published, AlreadyPublished, NoSuchSurvey, NoSuchRound, WouldDisclose }

/// <param name="Reason">Why a release was refused (<see cref="ReleaseStatus.WouldDisclose"/>), in plain words.</param>
public sealed record ReleaseOutcome(ReleaseStatus Status, ResultsRelease? Release = null, string? Reason = null);

/// <summary>
/// Makes a round's results public by freezing its counts. The public page and the messages
/// sent back read only these frozen counts, and only through <see cref="DisclosureControl"/>.
/// </summary>
public sealed class ResultsReleases(StoreDbContext db, ResultsQuery results, DisclosureSettings disclosure, TimeProvider time)
{
    public async Task<ReleaseOutcome> PublishAsync(string surveyId, Guid? roundId, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return new(ReleaseStatus.NoSuchSurvey);
        if (roundId is { } id && !await db.Rounds.AnyAsync(r => r.Id == id && r.SurveyId == surveyId, ct))
        {
            return new(ReleaseStatus.NoSuchRound);
        }

        var scope = ResultsRelease.ScopeFor(roundId);
        var existing = await db.ResultsReleases.AsNoTracking().FirstOrDefaultAsync(r => r.SurveyId == surveyId && r.Scope == scope, ct);
        if (existing is not null) return new(ReleaseStatus.AlreadyPublished, existing);

        var counts = await results.GetAsync(surveyId, roundId, ct);
        var version = survey.PublishedVersion
            ?? await db.SurveyVersions.Where(v => v.SurveyId == surveyId).MaxAsync(v => v.Version, ct);
        if (await OverlapAsync(surveyId, roundId, counts, version, ct) is { } reason) return new(ReleaseStatus.WouldDisclose, null, reason);
        var release = new ResultsRelease
        {
            Id = Guid.NewGuid(),
            SurveyId = surveyId,
            RoundId = roundId,
            Scope = scope,
            Version = version,
            CountsJson = JsonSerializer.Serialize(counts),
            PublishedAt = time.GetUtcNow(),
        };
        db.ResultsReleases.Add(release);
        try
        {
            await db.SaveChangesAsync(ct);
            return new(ReleaseStatus.Published, release);
        }
        catch (DbUpdateException e) when (StoreFailures.IsUniqueViolation(e))
        {
            // The same release asked for twice at once: the first one stands.
            db.ChangeTracker.Clear();
            return new(ReleaseStatus.AlreadyPublished, await db.ResultsReleases.AsNoTracking().FirstAsync(r => r.SurveyId == surveyId && r.Scope == scope, ct));
        }
    }

    /// <summary>
    /// Undoes a release whose messages could not be queued, before anyone was sent them: nothing
    /// else refers to a release, so its row is all there is.
    /// </summary>
    public Task TakeBackAsync(Guid releaseId, CancellationToken ct) =>
        db.ResultsReleases.Where(r => r.Id == releaseId).ExecuteDeleteAsync(ct);

    /// <summary>The release of every answer holds the rounds' people: see <see cref="ReleaseOverlap"/>.</summary>
    private async Task<string?> OverlapAsync(string surveyId, Guid? roundId, SurveyResults? counts, int version, CancellationToken ct)
    {
        if (counts is null) return null;
        var published = await ListAsync(surveyId, ct);
        var everyAnswer = roundId is null ? counts : published.Where(r => r.RoundId is null).Select(Counts).FirstOrDefault();
        var rounds = published.Where(r => r.RoundId is not null).Select(Counts).ToList();
        if (roundId is not null) rounds.Add(counts);
        if (everyAnswer is null || rounds.Count == 0) return null;
        var definition = await results.DefinitionAsync(surveyId, version, ct);
        return definition is null ? null : ReleaseOverlap.Problem(everyAnswer, rounds, definition, await disclosure.ControlAsync(ct));
    }

    /// <summary>The survey's releases, newest first.</summary>
    public async Task<IReadOnlyList<ResultsRelease>> ListAsync(string surveyId, CancellationToken ct)
    {
        var releases = await db.ResultsReleases.AsNoTracking().Where(r => r.SurveyId == surveyId).ToListAsync(ct);
        // A survey has a handful of releases: ordered in memory, the same on both providers.
        return releases.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).ToList();
    }

    public static SurveyResults Counts(ResultsRelease release) =>
        JsonSerializer.Deserialize<SurveyResults>(release.CountsJson)
        ?? throw new InvalidOperationException($"Release {release.Id} has no counts.");
}
