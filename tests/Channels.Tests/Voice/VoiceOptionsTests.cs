using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Tests.Voice;

public class VoiceOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddTwilioVoice();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_SpeakBritishEnglishAndWelsh()
    {
        var options = new VoiceOptions();

        Assert.Equal(("Polly.Amy-Neural", "en-GB"), (options.For("en").Voice, options.For("en").Language));
        Assert.Equal(("Polly.Gwyneth", "cy-GB"), (options.For("cy-GB").Voice, options.For("cy-GB").Language));
        Assert.Equal(5, options.GatherTimeoutSeconds);
        Assert.Equal(10, options.SlowGatherTimeoutSeconds);
        Assert.Equal("auto", options.SpeechTimeout);
    }

    [Fact]
    public void Binding_ChangesOneSetting_AndKeepsTheRestOfThatLanguage()
    {
        using var provider = Services(new() { ["Voice:Languages:cy:Voice"] = "Google.cy-GB-Standard-A", ["Voice:GatherTimeoutSeconds"] = "7" });

        var options = provider.GetRequiredService<IOptions<VoiceOptions>>().Value;

        Assert.Equal("Google.cy-GB-Standard-A", options.For("cy").Voice);
        Assert.Equal("cy-GB", options.For("cy").Language);
        Assert.Equal("Pwyswch", options.For("cy").PressWord);
        Assert.Equal(7, options.GatherTimeoutSeconds);
    }

    [Theory]
    [InlineData("Voice:Languages:en:Language", "en", VoiceOptionsValidation.LanguagesMessage)]
    [InlineData("Voice:DefaultLanguage", "fr", VoiceOptionsValidation.DefaultLanguageMessage)]
    [InlineData("Voice:GatherTimeoutSeconds", "0", VoiceOptionsValidation.TimeoutMessage)]
    [InlineData("Voice:SlowGatherTimeoutSeconds", "600", VoiceOptionsValidation.TimeoutMessage)]
    [InlineData("Voice:SpeechTimeout", "soon", VoiceOptionsValidation.SpeechTimeoutMessage)]
    public void AWrongSetting_StopsTheStartWithAMessageNamingIt(string key, string value, string message)
    {
        using var provider = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<VoiceOptions>>().Value);

        Assert.Contains(message, error.Failures);
    }

    [Fact]
    public void TheCallerIsTheOutbox_WithoutATwilioAccount()
    {
        using var provider = Services(new());

        Assert.IsType<OutboxVoiceCaller>(provider.GetRequiredService<IVoiceCaller>());
    }

    [Fact]
    public void TheCallerIsTwilio_WithAnAccount()
    {
        using var provider = Services(new()
        {
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "0123456789abcdef0123456789abcdef",
            ["Twilio:PhoneNumber"] = "+447700900000",
        });

        Assert.IsType<TwilioRestVoiceCaller>(provider.GetRequiredService<IVoiceCaller>());
        Assert.Equal(TwilioSendMode.Twilio, provider.GetRequiredService<IOptions<TwilioOptions>>().Value.EffectiveSendMode);
    }
}
