using Microsoft.Extensions.Logging;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// The log capture the privacy checks rely on: a phone number anywhere in an entry (its message,
/// a structured value, a scope, an exception) shows in <see cref="CapturedLogs.Lines"/>, so a
/// "never phone numbers in logs" check fails on it.
/// </summary>
public sealed class CapturedLogsTests
{
    private const string Phone = "+447700900777";

    public static TheoryData<string, Action<ILogger>> Leaks => new()
    {
        { "in the message", log => log.LogInformation("Texted " + Phone) },
        { "as a structured value", log => log.LogDebug("Texted {To}", Phone) },
        { "in a scope", log => { using (log.BeginScope(new Dictionary<string, object?> { ["From"] = Phone })) log.LogInformation("Turn on sms"); } },
        { "in an exception", log => log.LogError(new InvalidOperationException("Could not text " + Phone), "A turn failed") },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void APhoneNumberLogged_ShowsInTheLines_SoTheNoPhoneNumbersCheckFails(string where, Action<ILogger> leak)
    {
        var logs = new CapturedLogs();
        using (var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))) leak(factory.CreateLogger("CoProduction.Bot"));

        Assert.True(logs.Lines.Any(l => l.Contains("7700900777", StringComparison.Ordinal)), $"a phone number {where} was not captured");
    }

    [Fact]
    public void BelowItsLeastLevel_NothingIsKept_AndErrorsAreTakenOnce()
    {
        var logs = new CapturedLogs(LogLevel.Warning);
        using (var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)))
        {
            var log = factory.CreateLogger("CoProduction.Bot");
            log.LogInformation("Turn on sms");
            log.LogWarning("The https port is not set");
            log.LogError(new InvalidOperationException("The store is gone"), "A request failed");
        }

        Assert.Equal(["The https port is not set", "A request failed"], logs.Messages);
        Assert.StartsWith("InvalidOperationException: The store is gone", Assert.Single(logs.TakeErrors()));
        Assert.Empty(logs.TakeErrors());
    }
}
