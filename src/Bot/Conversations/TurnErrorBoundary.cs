using CoProduction.Channels;
using CoProduction.Channels.DirectLine;
using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using CoProduction.Store;
using CoProduction.Surveys.Definitions;
using Microsoft.Bot.Builder;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The one error boundary for every channel's turns (SMS, voice, web chat). A failure that is
/// not the person's fault and passes (the store busy or out of reach, a timeout, other turns
/// saving first every time) records nothing and keeps their survey as it was: Twilio is answered
/// 503 with Retry-After, web chat asks them to try again in a moment. Any other failure gets an
/// apology; and when a turn fails again on the same saved state, that session is set aside, so
/// a state that keeps failing cannot trap the person (its answers still count).
/// </summary>
public static class TurnErrorBoundary
{
    public static void UseTurnErrorBoundary(this WebApplication app)
    {
        Guard(app.Services, app.Services.GetRequiredService<TwilioSmsAdapter>());
        Guard(app.Services, app.Services.GetRequiredService<TwilioVoiceAdapter>());
        Guard(app.Services, app.Services.GetRequiredService<DirectLineAdapter>());
    }

    private static void Guard<TAdapter>(IServiceProvider services, TAdapter adapter) where TAdapter : BotAdapter, ITurnFailureReplies =>
        adapter.OnTurnError = (turn, exception) => HandleAsync(services, adapter, turn, exception);

    private static async Task HandleAsync(IServiceProvider services, ITurnFailureReplies replies, ITurnContext turn, Exception exception)
    {
        if (StoreFailures.IsTransient(exception))
        {
            await replies.HandleTransientFailureAsync(turn, exception);
            return;
        }

        try
        {
            await SetAsideIfItFailedBeforeAsync(services, turn);
        }
        finally
        {
            // Apologise (or, in a job's turn, rethrow) whatever happened to the bookkeeping above.
            await replies.HandleTurnErrorAsync(turn, exception);
        }
    }

    private static async Task SetAsideIfItFailedBeforeAsync(IServiceProvider services, ITurnContext turn)
    {
        var channel = SurveyBot.ChannelOf(turn.Activity.ChannelId);
        if (SurveyBot.AddressOf(channel, turn.Activity.From?.Id) is not { } address) return;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TurnErrorBoundary));
        try
        {
            await using var scope = services.CreateAsyncScope();
            var reset = await scope.ServiceProvider.GetRequiredService<ConversationStore>()
                .ResetAfterRepeatedFailureAsync(address, CancellationToken.None);
            if (reset > 0) logger.LogWarning("Set aside {Count} open sessions on {Channel}: turns failed twice on the same state", reset, channel.ToName());
        }
        catch (Exception failure)
        {
            // The apology still goes; a failed bookkeeping step must not become a second error.
            logger.LogError("{Error} while noting a failed turn", TurnFailures.Describe(failure));
        }
    }
}
