using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using CoProduction.Store.Conversations;
using CoProduction.Surveys.Definitions;
using Microsoft.Bot.Builder;

namespace CoProduction.Bot.Conversations;

/// <summary>
/// The adapters' error boundary, completed: each adapter logs and apologises; then we reset the
/// person's conversation, so the same broken state cannot fail every message they send.
/// </summary>
public static class TurnErrorReset
{
    public static void UseTurnErrorReset(this WebApplication app)
    {
        var sms = app.Services.GetRequiredService<TwilioSmsAdapter>();
        sms.OnTurnError = Wrap(app.Services, sms.HandleTurnErrorAsync);
        var voice = app.Services.GetRequiredService<TwilioVoiceAdapter>();
        voice.OnTurnError = Wrap(app.Services, voice.HandleTurnErrorAsync);
    }

    private static Func<ITurnContext, Exception, Task> Wrap(IServiceProvider services, Func<ITurnContext, Exception, Task> apologise) =>
        async (turn, exception) =>
        {
            await apologise(turn, exception);
            var channel = SurveyBot.ChannelOf(turn.Activity.ChannelId);
            if (SurveyBot.AddressOf(channel, turn.Activity.From?.Id) is not { } address) return;
            try
            {
                await using var scope = services.CreateAsyncScope();
                var reset = await scope.ServiceProvider.GetRequiredService<ConversationStore>()
                    .ResetAsync(address, CancellationToken.None);
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TurnErrorReset))
                    .LogWarning("Reset {Count} open sessions on {Channel} after a failed turn", reset, channel.ToName());
            }
            catch (Exception resetFailure)
            {
                // The apology has gone; a failed reset must not turn into a second error for Twilio.
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TurnErrorReset))
                    .LogError("{Error} while resetting a conversation after a failed turn", resetFailure.GetType().Name);
            }
        };
}
