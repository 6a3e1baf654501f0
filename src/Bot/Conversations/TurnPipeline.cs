using CoProduction.Store;
using CoProduction.Store.Setup;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// What one turn is about: who, on which channel, the channel's message id (null for a turn we
/// start), our number, and the engine call that decides it. <see cref="Decide"/> returns null
/// when there is nothing to do (then nothing is recorded or sent).
/// </summary>
public sealed record TurnPlan(
    Channel Channel,
    ChannelAddress Address,
    string? MessageId,
    string? OurNumber,
    Func<ConversationRecord, ISurveyCatalog, TurnResult?> Decide)
{
    /// <summary>
    /// Set by a caller whose turn's replies are held until the turn is over (a webhook's: TwilioSmsAdapter.RepliesWaitForTheTurn)
    /// and that awaits <see cref="TurnPipeline.Committed"/> once the turn returns, before anything else: then a
    /// text's turn may return before its batch's commit (ConversationStore.CommitAwaitedAbove).
    /// </summary>
    public bool CommitAwaitedAbove { get; init; }
}

public enum TurnOutcome
{
    /// <summary>Recorded, then the replies were sent.</summary>
    Done,

    /// <summary>The message was handled before (a webhook retry): the replies given then were sent again.</summary>
    Repeated,

    /// <summary>The plan decided there was nothing to do.</summary>
    Declined,
}

/// <summary>
/// The one way a turn runs, on every channel and for a survey we start ourselves: load the
/// person's state, let the engine decide, save everything the turn did in one transaction,
/// render the replies for the channel, and only then send them (nothing is lost if the process
/// dies between the two). A failure is left to the adapters' one error boundary
/// (<see cref="TurnErrorBoundary"/>). The common SMS turn rents no EF context
/// (<see cref="StoreContextLease"/>): its load and save are prepared statements.
/// </summary>
public sealed class TurnPipeline(
    ConversationStore conversations,
    SurveyCatalogProvider catalogs,
    StoreContextLease store,
    MenuMemory menus,
    ILogger<TurnPipeline> logger)
{
    /// <summary>How often a turn runs again when another turn for the same person saved first.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// The commit of the last turn's save, when the turn returned before it (<see cref="TurnPlan.CommitAwaitedAbove"/>):
    /// await it before the replies go; it throws the commit's failure, which fails the turn. Completed otherwise.
    /// </summary>
    public Task Committed => conversations.Committed;

    public async Task<TurnOutcome> RunAsync(ITurnContext turnContext, TurnPlan plan, CancellationToken cancellationToken)
    {
        var (channel, address, messageId) = (plan.Channel, plan.Address, plan.MessageId);
        // A retried webhook (a message id seen before) is not looked for first: that was one more
        // round trip on every turn for the rare retry. Its save is refused by the message id's
        // unique key (Duplicate below), and then it is answered as before, with nothing recorded.

        // Two messages from one person can arrive together; the store refuses the second save of
        // the same session (Conflict) and we run the turn again on the fresh state.
        for (var attempt = 1; ; attempt++)
        {
            var record = await conversations.LoadAsync(address, cancellationToken);
            var menu = channel == Channel.Sms ? null : await menus.ReadAsync(address, cancellationToken);
            var (catalog, pilotRunsHere) = await catalogs.GetForTurnAsync(store, address.Id, record.Catalog, cancellationToken);
            if (pilotRunsHere
                && await conversations.FindPilotAsync(address, cancellationToken) is { } pilot
                && catalog.Find(pilot.SurveyId, pilot.Version) is { } draft)
            {
                catalog = new PilotCatalog(catalog, draft);
            }
            // A text has no menu to add (an SMS turn reads none): the record as loaded, not two copies of it.
            var decided = ReferenceEquals(record.State.Menu, menu) ? record : record with { State = record.State with { Menu = menu } };
            if (plan.Decide(decided, catalog) is not { } result)
            {
                return TurnOutcome.Declined;
            }
            var replies = ChannelReplies.For(channel, result.Replies, record.State.SlowPace);
            // A web chat turn's activities are kept in the save's own transaction (WebChat/WebChatTurns.cs),
            // and its replies are kept with the message as the history's JSON (one serialisation each).
            var webChat = channel == Channel.Web ? WebChat.WebChatTurns.Prepare(turnContext, replies) : null;
            conversations.WebChatAppend = webChat?.Append;

            // Only a text's webhook turn (the plan says its replies are held until the turn is over): nothing
            // below touches the store or anyone else before they go (a menu waits for the commit first).
            conversations.CommitAwaitedAbove = plan.CommitAwaitedAbove && channel == Channel.Sms;
            var outcome = await conversations.SaveTurnAsync(
                address, messageId, plan.OurNumber, result, webChat?.StoredReplies ?? ChannelReplies.Serialize(replies), cancellationToken);
            switch (outcome)
            {
                case SaveOutcome.Duplicate when messageId is not null:
                    // A retry, or the same message twice at once and the other copy won: give its answer.
                    var stored = await conversations.FindRepliesAsync(messageId, cancellationToken) ?? [];
                    await SendAsync(turnContext, ChannelReplies.Deserialize(stored), cancellationToken);
                    return TurnOutcome.Repeated;
                case SaveOutcome.Conflict when attempt < MaxAttempts:
                    if (store.Rented) store.Context.ChangeTracker.Clear();
                    continue;
                case SaveOutcome.Conflict:
                    // Passing, not a bug: the error boundary asks Twilio (or the person) to try again.
                    throw new ConversationConflictException(MaxAttempts);
            }

            if (menu is not null || result.State.Menu is not null)
            {
                await conversations.Committed;
                await menus.WriteAsync(address, result.State.Menu, cancellationToken);
            }

            // Asked first: the call boxes its numbers and makes its array even when Information is off (the default).
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Turn on {Channel}: {Replies} replies, {Events} events", channel.ToName(), replies.Count, result.Events.Count);
            }
            await SendAsync(turnContext, replies, cancellationToken);
            return TurnOutcome.Done;
        }
    }

    private static Task SendAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        if (activities.Count == 0) return Task.CompletedTask;
        // Copied by index: Cast().ToArray() on a list of Activity is not a collection of IActivity to
        // it, so it enumerated through a boxed enumerator into growing arrays on every turn.
        var array = new IActivity[activities.Count];
        for (var i = 0; i < array.Length; i++) array[i] = activities[i];
        return turnContext.SendActivitiesAsync(array, cancellationToken);
    }
}
