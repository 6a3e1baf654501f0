using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Hosting;

/// <summary>
/// On a shared store every node must use the same secrets: a node that made up its own would
/// reject webhooks, chat tokens and staff keys meant for the others. So it refuses to start.
/// </summary>
public sealed class SharedStoreSecretsTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["Twilio:AuthToken"] = ServiceFactory.AuthToken,
        ["Staff:ApiKey"] = ServiceFactory.StaffKey,
        ["DirectLine:Secret"] = "configured-directline-secret-0123456789",
    };

    private static ServiceFactory OnPostgres(string? missing)
    {
        var service = new ServiceFactory();
        service.Settings["Store:Provider"] = "Postgres";
        // Nothing listens there: a start that got as far as the database would fail differently.
        service.Settings["ConnectionStrings:Store"] = "Host=127.0.0.1;Port=1;Database=none;Timeout=2";
        foreach (var (key, value) in Secrets) service.Settings[key] = key == missing ? "" : value;
        return service;
    }

    [Theory]
    [InlineData("Twilio:AuthToken")]
    [InlineData("Staff:ApiKey")]
    [InlineData("DirectLine:Secret")]
    public void TheServiceRefusesToStart_NamingTheSetting_WhenASecretIsMissingOnPostgres(string setting)
    {
        using var service = OnPostgres(missing: setting);

        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        Assert.Contains($"{setting} must be set when Store:Provider is Postgres", error.Message);
        Assert.Empty(Directory.GetFiles(service.DataDirectory));
    }

    [Fact]
    public void WithEverySecretConfigured_TheStartGetsPastTheSecrets_ToTheDatabase()
    {
        using var service = OnPostgres(missing: null);

        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        Assert.DoesNotContain("must be set", error.ToString());
        Assert.Contains("Npgsql", error.ToString());
    }

    [Fact]
    public void OnOneNode_TheServiceMakesTheMissingSecrets_InItsDataFolder()
    {
        using var service = new ServiceFactory();
        foreach (var key in Secrets.Keys) service.Settings[key] = "";

        service.CreateClient();

        Assert.True(File.Exists(Path.Combine(service.DataDirectory, CoProduction.Channels.Twilio.LocalDevelopmentToken.FileName)));
        Assert.True(File.Exists(Path.Combine(service.DataDirectory, CoProduction.Bot.Staff.StaffServices.StaffKeyFile)));
        Assert.True(File.Exists(Path.Combine(service.DataDirectory, CoProduction.Channels.DirectLine.LocalDirectLineSecret.FileName)));
    }
}
