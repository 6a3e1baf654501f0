using CoProduction.Scheduling.Politeness;
using CoProduction.Scheduling.Starting;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.Extensions.Logging;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>
/// One start handed to the provider inside the sending number's <see cref="SharedSendWindow"/>:
/// it waits while the second before would hold too many, is noted as under way, and is noted as
/// ended (with the messages that went) whatever happens, so later sends on every node count it.
/// </summary>
public static class WindowedStart
{
    public static async Task<StartResult> RunAsync(SharedSendWindow window, ISurveyStarter starter, ILogger logger, string number, SurveyStart start, CancellationToken ct)
    {
        var expected = ExpectedMessages(start);
        var handOver = await window.EnterAsync(number, expected, ct);
        var messages = expected;
        try
        {
            var result = await starter.StartAsync(start, ct);
            messages = result.Messages;
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never the message: it may hold a phone number. Some texts may have gone: the expected count stands.
            logger.LogWarning("Starting invitation {Invitation} failed with {Error}; it will be tried again", start.InvitationId, e.GetType().Name);
            return StartResult.Retry("Something went wrong while sending; it will be tried again.");
        }
        finally
        {
            // Not cancellable: whatever went, went; the end is the latest any of its messages left.
            await window.LeaveAsync(handOver, messages);
        }
    }

    /// <summary>
    /// How many messages a start will likely send, so the second before it keeps room for all of
    /// them: an SMS survey's intro and first question are two; a retry sends what was left.
    /// </summary>
    public static int ExpectedMessages(SurveyStart start) =>
        start.Unsent is { Count: > 0 } unsent ? unsent.Count
        : start.Channel == Channel.Sms && start.Kind != InvitationKind.Results ? 2
        : 1;
}
