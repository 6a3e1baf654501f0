using System.Text.Json;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Results;

public enum ReleaseStatus { Published, AlreadyPublished, NoSuchSurvey, NoSuchRound }

public sealed record ReleaseOutcome(ReleaseStatus Status, ResultsRelease? Release = null);

/// <summary>
/// Makes a round's results public by freezing its counts. The public page and the messages
/// sent back read only these frozen counts, and only through <see cref="DisclosureControl"/>.
/// </summary>
public sealed class ResultsReleases(StoreDbContext db, ResultsQuery results, TimeProvider time)
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
