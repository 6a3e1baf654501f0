using CoProduction.Bot.Conversations;
using CoProduction.Store.Conversations;
using CoProduction.Store.Interviews;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Interviews;

/// <summary>
/// An interview's turns: the survey's start, then each answer the interviewer enters. Each is a
/// turn of the one <see cref="TurnPipeline"/> on the interview channel, addressed by the
/// person's id, so the same readers, skip logic, confirmations, STOP and opt-out rules apply as
/// on every channel, and the store records it in one transaction.
/// </summary>
public sealed class InterviewTurns(TurnPipeline pipeline, SurveyEngine engine, ConversationStore conversations, InterviewBook book)
{
    /// <summary>The start's token is fixed, so two presses of "Start" at once start the survey once.</summary>
    public const string StartToken = "000000000000000000000000";

    public async Task<IReadOnlyList<Activity>> StartAsync(Interview interview, CancellationToken ct)
    {
        // A check-in (or round) invitation for this survey is answered by the interview, so it
        // ends as one answered by text would: completed, and the next check-in moved on.
        var invitation = await book.InvitationAnsweredAsync(interview.PersonId, interview.SurveyId, ct);
        return await RunAsync(interview, StartToken, (record, catalog) => catalog.Find(interview.SurveyId, interview.Version) is { } survey && !record.State.OptedOut
            ? engine.Start(record.State, survey, Channel.Interview, invitation, ChannelCapabilities.Interview)
            : null, ct);
    }

    public Task<IReadOnlyList<Activity>> AnswerAsync(Interview interview, string token, string answer, CancellationToken ct)
    {
        var inbound = new Inbound(answer, Channel.Interview) { Capabilities = ChannelCapabilities.Interview };
        return RunAsync(interview, token, (record, catalog) => engine.Handle(record.State, inbound, catalog), ct);
    }

    /// <summary>What the service said last in this interview (nothing before it started).</summary>
    public async Task<IReadOnlyList<Activity>> LastRepliesAsync(Interview interview, CancellationToken ct) =>
        interview.LastTurnId is { } id && await conversations.FindRepliesAsync(id, ct) is { } stored ? ChannelReplies.Deserialize(stored) : [];

    private async Task<IReadOnlyList<Activity>> RunAsync(
        Interview interview, string token, Func<ConversationRecord, ISurveyCatalog, TurnResult?> decide, CancellationToken ct)
    {
        var address = new ChannelAddress(Channel.Interview, interview.PersonId.ToString());
        var turnId = InterviewTurnIds.For(interview.Id, token);
        var adapter = new InterviewAdapter();
        var activity = new Activity(ActivityTypes.Message)
        {
            Id = turnId,
            ChannelId = InterviewAdapter.ChannelId,
            From = new ChannelAccount(address.Id),
            Recipient = new ChannelAccount("interview"),
            Conversation = new ConversationAccount(id: interview.Id.ToString()),
        };
        using var context = new TurnContext(adapter, activity);
        var outcome = await pipeline.RunAsync(context, new TurnPlan(Channel.Interview, address, turnId, OurNumber: null, decide), ct);
        if (outcome != TurnOutcome.Declined) await book.RememberTurnAsync(interview.Id, turnId, ct);
        return adapter.Sent;
    }
}
