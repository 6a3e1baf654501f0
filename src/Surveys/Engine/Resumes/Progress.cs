using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine.Resumes;

/// <summary>Starting a survey and moving through it: the first question, the next one, the end.</summary>
internal static class Progress
{
    public static void StartSurvey(Turn turn, PublishedSurvey published, string? languageFromKeyword, Guid? invitationId)
    {
        turn.Started = published;
        turn.State = turn.State with { Menu = null };
        var survey = published.Definition;
        var language = survey.LanguageFor(languageFromKeyword ?? turn.State.Language);
        if (languageFromKeyword is not null && !string.Equals(languageFromKeyword, turn.State.Language, StringComparison.OrdinalIgnoreCase))
        {
            // Texting the Welsh keyword is the simplest way for someone on a basic phone to
            // say "Welsh please"; remember it for next time.
            turn.State = turn.State with { Language = language };
            turn.Add(new LanguageChanged(language));
        }

        if (turn.OpenSession() is { } open)
        {
            turn.EndSession(open, SessionStatus.Abandoned);
        }

        var session = new SessionState
        {
            Id = turn.NewId(),
            SurveyId = survey.Id,
            Version = published.Version,
            Language = language,
            Channel = turn.Channel,
            // On a call, a slower pace also means the plainest words.
            EasyRead = turn.State.EasyRead || (turn.State.SlowPace && turn.Can.SpeaksAloud),
            StartedAt = turn.Now,
            LastActivityAt = turn.Now,
            InvitationId = invitationId,
            Pilot = published.Pilot,
        };
        turn.Add(new SessionStarted(session.Id, survey.Id, published.Version, language, invitationId) { Pilot = published.Pilot });
        turn.Reply(Prompt.Message(survey.Intro.Get(language), language));
        AdvanceFrom(turn, session, survey, startIndex: 0);
    }

    /// <summary>Records the current question as left without an answer and moves on, saying <paramref name="why"/>.</summary>
    public static void MoveOn(Turn turn, SessionState session, SurveyDefinition survey, Question question, string raw, AnswerStatus status, string why)
    {
        turn.Record(session, question, raw, null, status);
        turn.Say(why);
        AdvanceFrom(turn, session with { LastActivityAt = turn.Now }, survey, session.QuestionIndex + 1, recordedValue: (question.Id, null));
    }

    /// <summary>Records the understood answer and moves to the next question.</summary>
    public static void Answered(Turn turn, SessionState session, SurveyDefinition survey, Question question, string raw, string value)
    {
        turn.Record(session, question, raw, value, AnswerStatus.Answered);
        AdvanceFrom(turn, session with { LastActivityAt = turn.Now }, survey, session.QuestionIndex + 1, recordedValue: (question.Id, value));
    }

    /// <summary>Moves to the first question at or after <paramref name="startIndex"/> whose skip condition holds, or finishes.</summary>
    public static void AdvanceFrom(Turn turn, SessionState session, SurveyDefinition survey, int startIndex, (string Id, string? Value)? recordedValue = null)
    {
        var values = new Dictionary<string, string?>(session.Values);
        if (recordedValue is { } rv) values[rv.Id] = rv.Value;

        var index = startIndex;
        while (index < survey.Questions.Count && survey.Questions[index].AskWhen is { } condition
               && !condition.IsMetBy(values.GetValueOrDefault(condition.QuestionId)))
        {
            index++;
        }

        session = session with { Values = values, QuestionIndex = index, Unclear = 0, Silences = 0, HeardText = null, HeardReply = null, HeardIfNot = null };
        if (index >= survey.Questions.Count)
        {
            session = session with { Status = SessionStatus.Completed };
            turn.State = turn.State with { Session = session };
            turn.Add(new SessionCompleted(session.Id));
            turn.Reply(Prompt.Message(survey.Outro.Get(session.Language), session.Language));
            return;
        }

        turn.State = turn.State with { Session = session };
        turn.AskCurrent(session);
    }
}
