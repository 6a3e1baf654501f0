using CoProduction.Channels.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Tests.Twilio;

public class TwilioOptionsTests
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";
    private const string Token = "0123456789abcdef0123456789abcdef";

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTwilioChannels();
        return builder.Build();
    }

    [Theory]
    [InlineData(null, null, null, TwilioSendMode.Outbox)]
    [InlineData(Sid, null, null, TwilioSendMode.Outbox)]
    [InlineData(null, Token, null, TwilioSendMode.Outbox)]
    [InlineData(Sid, Token, null, TwilioSendMode.Twilio)]
    [InlineData(Sid, Token, TwilioSendMode.Outbox, TwilioSendMode.Outbox)]
    [InlineData(null, null, TwilioSendMode.Twilio, TwilioSendMode.Twilio)]
    public void EffectiveSendMode_DefaultsToTwilioOnlyWithAccountAndToken(string? accountSid, string? authToken, TwilioSendMode? configured, TwilioSendMode expected)
    {
        var options = new TwilioOptions { AccountSid = accountSid, AuthToken = authToken, SendMode = configured };

        Assert.Equal(expected, options.EffectiveSendMode);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("+447700900000", true)]
    [InlineData("+14155550123", true)]
    [InlineData("07700900000", false)]
    [InlineData("+44 7700 900000", false)]
    [InlineData("+0447700900000", false)]
    [InlineData("+44", false)]
    public void IsValidPhoneNumber_AcceptsOnlyE164(string? phoneNumber, bool valid) =>
        Assert.Equal(valid, TwilioOptionsValidation.IsValidPhoneNumber(phoneNumber));

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://surveys.example.org", true)]
    [InlineData("http://localhost:5000/", true)]
    [InlineData("surveys.example.org", false)]
    [InlineData("/twilio", false)]
    [InlineData("ftp://surveys.example.org", false)]
    public void IsValidPublicBaseUrl_AcceptsOnlyAbsoluteHttpUrls(string? url, bool valid) =>
        Assert.Equal(valid, TwilioOptionsValidation.IsValidPublicBaseUrl(url));

    [Fact]
    public async Task Start_FailsNamingTheSetting_WhenPhoneNumberIsNotE164()
    {
        using var host = BuildHost(new() { ["Twilio:PhoneNumber"] = "07700 900000" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Twilio:PhoneNumber must look like +447700900000", error.Failures);
    }

    [Fact]
    public async Task Start_FailsNamingTheSetting_WhenPublicBaseUrlIsNotAbsolute()
    {
        using var host = BuildHost(new() { ["Twilio:PublicBaseUrl"] = "surveys.example.org" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(TwilioOptionsValidation.PublicBaseUrlMessage, error.Failures);
    }

    [Fact]
    public async Task Start_Fails_WhenSendModeIsTwilioWithoutAnAccount()
    {
        using var host = BuildHost(new() { ["Twilio:SendMode"] = "Twilio" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(TwilioOptionsValidation.SendModeMessage, error.Failures);
    }

    [Fact]
    public async Task Start_Succeeds_WithNoConfigurationAtAll()
    {
        using var host = BuildHost([]);

        await host.StartAsync();

        Assert.IsType<OutboxSmsSender>(host.Services.GetRequiredService<ISmsSender>());
        await host.StopAsync();
    }

    [Fact]
    public void AddTwilioChannels_SendsThroughTwilio_WhenAccountTokenAndNumberAreSet()
    {
        using var host = BuildHost(new()
        {
            ["Twilio:AccountSid"] = Sid,
            ["Twilio:AuthToken"] = Token,
            ["Twilio:PhoneNumber"] = "+447700900000",
            ["Twilio:PublicBaseUrl"] = "https://surveys.example.org/",
        });

        var options = host.Services.GetRequiredService<IOptions<TwilioOptions>>().Value;

        Assert.IsType<TwilioRestSmsSender>(host.Services.GetRequiredService<ISmsSender>());
        Assert.Equal("https://surveys.example.org/", options.PublicBaseUrl);
    }

    [Fact]
    public void AddTwilioChannels_KeepsAnOutboxTheHostRegisteredFirst()
    {
        var services = new ServiceCollection();
        var mine = new InMemoryOutbox();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IOutbox>(mine);

        services.AddTwilioChannels();

        using var provider = services.BuildServiceProvider();
        Assert.Same(mine, provider.GetRequiredService<IOutbox>());
    }
}
