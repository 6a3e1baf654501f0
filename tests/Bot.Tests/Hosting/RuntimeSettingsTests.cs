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
        // (README "Memory over time, eleventh round"): without it the heap swung by 50-70% between collections.
        Assert.True(properties.TryGetProperty("System.GC.ConserveMemory", out var conserve), "System.GC.ConserveMemory is not in the service's runtimeconfig.json");
        Assert.Equal(9, conserve.GetInt32());
    }

    [Fact]
    public void TheService_ShipsWithoutTheInstrumentedTier()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "CoProduction.Bot.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // README "Memory over time, twelfth round": with the instrumented tier the code heaps went on growing by
        // 14 MB after the warm-up (2.5 MB without it), a third copy of every hot method kept for good.
        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo), "System.Runtime.TieredPGO is not in the service's runtimeconfig.json");
        Assert.False(pgo.GetBoolean());
    }
}
