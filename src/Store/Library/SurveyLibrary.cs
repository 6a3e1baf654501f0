using CoProduction.Store.Catalog;
using CoProduction.Store.Model;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Loading;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CoProduction.Store.Library;

/// <summary>
/// Staff's side of surveys: import files as versions, publish them, list them. A version, once
/// stored, never changes; editing a survey means importing a new version.
/// </summary>
public sealed class SurveyLibrary(
    StoreDbContext db,
    ISurveyParser parser,
    SurveyDefinitionCache definitions,
    IEnumerable<IPublishRule> rules,
    TimeProvider time,
    ILogger<SurveyLibrary> logger)
{
    public async Task<SurveyImportResult> ImportAsync(string yaml, CancellationToken ct)
    {
        var parsed = parser.Parse(yaml);
        if (!parsed.Succeeded)
        {
            return SurveyImportResult.Failed(parsed.Errors.Count > 0
                ? parsed.Errors
                : [new SurveyFileError(0, "file", "The survey file could not be read.")]);
        }

        var definition = parsed.Survey!;
        var now = time.GetUtcNow();
        var keyword = definition.Keyword.ToUpperInvariant();

        var survey = await db.Surveys.FindAsync([definition.Id], ct);
        if (survey is null)
        {
            survey = new Survey { Id = definition.Id, Title = definition.Title, Keyword = keyword, CreatedAt = now };
            db.Surveys.Add(survey);
        }

        var latest = await db.SurveyVersions
            .Where(v => v.SurveyId == definition.Id)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(ct);
        if (latest is not null && SameText(latest.Yaml, yaml))
        {
            // Importing the same file again (every start does, for the demo) is not a new version.
            return new SurveyImportResult(survey.Id, latest.Version, NewVersion: false, []);
        }

        survey.Title = definition.Title;
        survey.Keyword = keyword;
        // Approvals are for one version's words: new words go back to the board.
        survey.MoveTo(LifeCycle.AfterImport(survey.Stage));
        var version = new SurveyVersion
        {
            SurveyId = definition.Id,
            Version = (latest?.Version ?? 0) + 1,
            Yaml = yaml,
            Keyword = keyword,
            KeywordsByLanguage = definition.KeywordsByLanguage.ToDictionary(kv => kv.Key, kv => kv.Value.ToUpperInvariant()),
            CreatedAt = now,
        };
        db.SurveyVersions.Add(version);
        await db.SaveChangesAsync(ct);
        return new SurveyImportResult(survey.Id, version.Version, NewVersion: true, []);
    }

    /// <summary>Publishes the latest version, when every <see cref="IPublishRule"/> agrees.</summary>
    public async Task<PublishResult> PublishAsync(string surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.FindAsync([surveyId], ct);
        if (survey is null) return PublishResult.NotFound();

        var latest = await db.SurveyVersions
            .Where(v => v.SurveyId == surveyId)
            .OrderByDescending(v => v.Version)
            .FirstAsync(ct);
        if (survey.Stage == SurveyStage.Published && survey.PublishedVersion == latest.Version)
        {
            return PublishResult.Published(latest.Version);
        }

        var candidate = new PublishCandidate(survey, latest, definitions.Get(surveyId, latest.Version, latest.Yaml));
        var reasons = new List<string>();
        foreach (var rule in rules)
        {
            reasons.AddRange(await rule.CheckAsync(candidate, ct));
        }
        if (reasons.Count > 0) return PublishResult.Conflict(reasons);

        latest.PublishedAt = time.GetUtcNow();
        survey.MoveTo(SurveyStage.Published);
        survey.PublishedVersion = latest.Version;
        db.ReviewEvents.Add(new ReviewEvent
        {
            SurveyId = surveyId, Version = latest.Version, Action = "published",
            Detail = $"Version {latest.Version} was published.", At = latest.PublishedAt.Value,
        });
        await db.SaveChangesAsync(ct);
        return PublishResult.Published(latest.Version);
    }

    public async Task<IReadOnlyList<SurveySummary>> ListAsync(CancellationToken ct)
    {
        var surveys = await db.Surveys.AsNoTracking().OrderBy(s => s.Title).ThenBy(s => s.Id).ToListAsync(ct);
        var counts = await db.Sessions
            .Where(s => s.Status != SessionStatus.Abandoned && !s.Pilot)
            .GroupBy(s => s.SurveyId)
            .Select(g => new { SurveyId = g.Key, Responses = g.Count(), Completed = g.Count(s => s.Status == SessionStatus.Completed) })
            .ToDictionaryAsync(c => c.SurveyId, ct);

        return surveys.Select(s =>
        {
            counts.TryGetValue(s.Id, out var c);
            return new SurveySummary(s.Id, s.Title, s.Keyword, s.Status, s.PublishedVersion, c?.Responses ?? 0, c?.Completed ?? 0);
        }).ToList();
    }

    /// <summary>
    /// Imports every *.yaml file in <paramref name="folder"/> (the demo survey at start) and,
    /// when asked, publishes each survey that has never been published. Safe at every start:
    /// unchanged files add nothing, and a survey staff have since published is left alone.
    /// </summary>
    /// <returns>How many files were imported (changed or not).</returns>
    /// <exception cref="InvalidOperationException">A file has errors: a broken bundled survey must stop the start, not vanish.</exception>
    /// <param name="approvalNote">When set, each imported version counts as approved by configuration, with this note as the record.</param>
    public async Task<int> ImportFolderAsync(string folder, bool publish, CancellationToken ct, string? approvalNote = null)
    {
        if (!Directory.Exists(folder)) return 0;

        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var result = await ImportAsync(await File.ReadAllTextAsync(file, ct), ct);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(
                    $"The survey file {Path.GetFileName(file)} has errors: {string.Join("; ", result.Errors)}");
            }
            imported++;

            var survey = await db.Surveys.FirstAsync(s => s.Id == result.SurveyId, ct);
            if (approvalNote is not null && !await db.Approvals.AnyAsync(a => a.SurveyId == survey.Id && a.Version == result.Version && a.MemberId == null, ct))
            {
                // An approval by configuration meets the quorum on its own (ApprovalTally).
                db.Approvals.Add(new Approval { SurveyId = survey.Id, Version = result.Version!.Value, Note = approvalNote, At = time.GetUtcNow() });
                survey.MoveTo(LifeCycle.AfterApproval(survey.Stage, quorumMet: true));
                await db.SaveChangesAsync(ct);
            }
            if (publish && survey.PublishedVersion is null)
            {
                var published = await PublishAsync(survey.Id, ct);
                if (published.Status != PublishStatus.Published)
                {
                    // Not fatal: the service still runs, and staff can fix and publish it.
                    logger.LogWarning("Survey {SurveyId} from {File} was not published: {Reason}", survey.Id, Path.GetFileName(file), published.Reason);
                }
            }
        }
        return imported;
    }

    /// <summary>Line endings differ between editors and uploads; they are not a new version.</summary>
    private static bool SameText(string a, string b) =>
        string.Equals(a.ReplaceLineEndings("\n").TrimEnd(), b.ReplaceLineEndings("\n").TrimEnd(), StringComparison.Ordinal);
}
