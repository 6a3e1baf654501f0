namespace CoProduction.Scheduling.Starting;

/// <summary>
/// The one thing scheduling needs from the host: start survey X version V with person P over
/// channel C for invitation I. The host owns the channels (SMS through ISmsSender, voice
/// through IVoiceCaller, web chat by a texted link) and the engine.
/// </summary>
/// <remarks>
/// Called only after the dispatcher has checked opt-outs, quiet hours, "one survey at a time"
/// and the rate limit, and has claimed the invitation, so one invitation reaches here once.
/// Expected refusals are results, not exceptions; an exception is treated as "try again later".
/// </remarks>
public interface ISurveyStarter
{
    Task<StartResult> StartAsync(SurveyStart start, CancellationToken cancellationToken);
}
