using CoProduction.Channels.DirectLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoProduction.Channels.Tests.DirectLine;

public class DirectLineOptionsTests
{
    [Theory]
    [InlineData(null, null, "DirectLine:Secret")]
    [InlineData("DirectLine:Secret", "short", "DirectLine:Secret")]
    [InlineData("DirectLine:TokenLifetime", "00:00:10", "DirectLine:TokenLifetime")]
    [InlineData("DirectLine:AllowedOrigins:0", "https://example.org/chat", "DirectLine:AllowedOrigins")]
    [InlineData("DirectLine:TokenRequestsPerMinute", "0", "DirectLine:TokenRequestsPerMinute")]
    public void AWrongSetting_StopsTheStart_NamingIt(string? key, string? value, string named)
    {
        var settings = new Dictionary<string, string?> { ["DirectLine:Secret"] = key == null ? null : DirectLineTestApp.Secret };
        if (key is not null)
        {
            settings[key] = value;
        }

        using var provider = Services(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DirectLineOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid_OnceASecretIsSet()
    {
        using var provider = Services(new() { ["DirectLine:Secret"] = DirectLineTestApp.Secret });

        var options = provider.GetRequiredService<IOptions<DirectLineOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(30), options.TokenLifetime);
    }

    [Fact]
    public void LocalSecret_IsMadeOnce_AndReadBackAfterwards()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dl-secret-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = LocalDirectLineSecret.LoadOrCreate(directory);
            var second = LocalDirectLineSecret.LoadOrCreate(directory);

            Assert.Equal(first, second);
            Assert.True(DirectLineOptionsValidation.IsValidSecret(first));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDirectLine();
        return services.BuildServiceProvider();
    }
}
