using System.Text.Json;

namespace CoProduction.Bot.Tests.Hosting;

/// <summary>
/// The runtime settings the service ships with (its runtimeconfig.json, which a deployment runs with, copied
/// next to the tests by the project reference): an environment variable can change them, but nobody has to
/// set one to get them.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheService_ShipsWithTheGarbageCollectorConservingMemory()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "CoProduction.Bot.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // The oldest generation grows by at most an eighteenth of what survived before it is collected again
        // (docs/performance-rounds.md, "Memory over time, eleventh round"): without it the heap swung by 50-70% between collections.
        Assert.True(properties.TryGetProperty("System.GC.ConserveMemory", out var conserve), "System.GC.ConserveMemory is not in the service's runtimeconfig.json");
        Assert.Equal(9, conserve.GetInt32());
    }
}
