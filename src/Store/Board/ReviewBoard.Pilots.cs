using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Review;

namespace CoProduction.Store.Board;

/// <summary>Trying a survey out and ending it: "this was confusing" flags, pilot runs and retirement.</summary>
public sealed partial class ReviewBoard
{
    public async Task<BoardOutcome<ConfusingFlag>> FlagAsync(string surveyId, string questionId, Channel channel, Guid? memberId, string? note, CancellationToken ct)
    {
        var (_, latest, error) = await LoadAsync<ConfusingFlag>(surveyId, memberId, ct);
        if (error is not null) return error;
        if ((await DefinitionAsync(surveyId, latest, ct)).FindQuestion(questionId) is null)
            return BoardOutcome<ConfusingFlag>.Invalid($"The survey has no question '{questionId}'.");
        var flag = new ConfusingFlag { SurveyId = surveyId, Version = latest, QuestionId = questionId, Channel = channel, MemberId = memberId, Note = note?.Trim(), At = time.GetUtcNow() };
        db.ConfusingFlags.Add(flag);
        Log(surveyId, latest, memberId, "flagged", $"\"This was confusing\" at {questionId} ({channel.ToName()}).");
        await db.SaveChangesAsync(ct);
        return BoardOutcome<ConfusingFlag>.Ok(flag);
    }

    public async Task<BoardOutcome<PilotRun>> StartPilotAsync(string surveyId, Guid memberId, Channel channel, string address, CancellationToken ct)
    {
        var (survey, latest, error) = await LoadAsync<PilotRun>(surveyId, memberId, ct);
        if (error is not null) return error;
        if (survey!.Stage == SurveyStage.Retired) return BoardOutcome<PilotRun>.Refused(LifeCycle.ClosedForReview(SurveyStage.Retired)!);
        if (string.IsNullOrWhiteSpace(address)) return BoardOutcome<PilotRun>.Invalid("Give the phone number (SMS, voice) or web chat user id to pilot with.");
        var normalized = channel == Channel.Web ? address.Trim() : PhoneNumbers.ToE164(address);
        if (normalized is null) return BoardOutcome<PilotRun>.Invalid("That phone number does not look right. Give it like 07700 900123 or +447700900123.");
        var pilot = new PilotRun { Id = Guid.NewGuid(), SurveyId = surveyId, Version = latest, MemberId = memberId, Channel = channel, Address = normalized, StartedAt = time.GetUtcNow() };
        db.PilotRuns.Add(pilot);
        Log(surveyId, latest, memberId, "pilot", $"Pilot of version {latest} by {channel.ToName()}.");
        await db.SaveChangesAsync(ct);
        return BoardOutcome<PilotRun>.Ok(pilot);
    }

    public async Task<BoardOutcome<string>> RetireAsync(string surveyId, Guid? memberId, CancellationToken ct)
    {
        var (survey, _, error) = await LoadAsync<string>(surveyId, memberId, ct);
        if (error is not null) return error;
        if (LifeCycle.CannotRetire(survey!.Stage, survey.PublishedVersion) is { } why) return BoardOutcome<string>.Refused(why);
        survey.MoveTo(SurveyStage.Retired);
        Log(surveyId, survey.PublishedVersion, memberId, "retired", "The survey was retired: nobody new can start it.");
        await db.SaveChangesAsync(ct);
        return BoardOutcome<string>.Ok("retired");
    }
}
