using CoProduction.Scheduling.Dispatch;
using CoProduction.Store;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoProduction.Scheduling.Jobs;

/// <summary>
/// When a release is published, makes one <see cref="InvitationKind.Results"/> invitation for each
/// person who answered in its round (or, for a release of every answer, in the survey), over the
/// channel they answered by (<see cref="ChannelFor"/>). The dispatcher then sends them like any invitation: opt-outs,
/// quiet hours and the send rate apply in the one place that keeps them. Safe to run twice, or
/// from two releases asked for at once: the key is "release + person".
/// </summary>
public sealed class ResultsSendBackJob(StoreDbContext db, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<ResultsSendBackJob> logger)
{
    /// <summary>A results message not sent within this (quiet hours, a long queue) is stale and expires.</summary>
    public static readonly TimeSpan SendWithin = TimeSpan.FromDays(3);

    public static string Key(Guid releaseId, Guid personId) => $"results:{releaseId:N}:{personId:N}";

    public async Task<int> RunAsync(Guid releaseId, CancellationToken ct)
    {
        var release = await db.ResultsReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId, ct);
        if (release is null) return 0;

        // Who answered: a session, not a pilot, with at least one answer recorded; a round's
        // release counts only the sessions its own invitations started.
        var sessions = db.Sessions.AsNoTracking().Where(s => s.SurveyId == release.SurveyId && !s.Pilot
            && db.Answers.Any(a => a.SessionId == s.Id));
        if (release.RoundId is { } roundId)
        {
            sessions = sessions.Where(s => db.Invitations.Any(i => i.Id == s.InvitationId && i.RoundId == roundId));
        }
        var answered = await sessions
            .Join(db.People, s => s.PersonId, p => p.Id, (s, p) => new { s.PersonId, s.Channel, s.LastActivityAt, p.PreferredChannel })
            .ToListAsync(ct);
        // The channel of their latest session: the way they last answered.
        var people = answered.GroupBy(s => s.PersonId)
            .Select(g => g.OrderByDescending(s => s.LastActivityAt).First())
            .ToList();

        var now = time.GetUtcNow();
        var created = 0;
        foreach (var batch in people.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var candidates = batch.Select(p => InvitationFactory.New(
                Key(release.Id, p.PersonId), InvitationKind.Results, roundId: null, p.PersonId, release.SurveyId, release.Version,
                ChannelFor(p.Channel, p.PreferredChannel), now, now + SendWithin, now)).ToList();
            created += await InvitationWriter.AddMissingAsync(db, candidates, ct);
        }
        logger.LogInformation("Release {Release}: {Created} results messages queued for {People} people", release.Id, created, people.Count);
        return created;
    }

    /// <summary>
    /// The way the results go back: the way they answered, except that someone who answered by
    /// phone but whose record says they prefer texts (or chat, which is reached by text) gets the
    /// text: a call is for people who want calls, and a text can be read again later.
    /// </summary>
    public static Channel ChannelFor(Channel answeredBy, Channel? preferred) =>
        answeredBy == Channel.Voice && preferred is Channel.Sms or Channel.Web ? Channel.Sms : answeredBy;
}
