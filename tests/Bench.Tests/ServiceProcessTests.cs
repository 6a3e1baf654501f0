using CoProduction.Turns.Bench;

namespace CoProduction.Bench.Tests;

/// <summary>What a server the turn bench starts gets in its environment: the same for the bare endpoint and the services.</summary>
public sealed class ServiceProcessTests
{
    [Fact]
    public void A_pinned_server_gets_the_workstation_collector_and_a_young_generation_of_at_least_16_MB()
    {
        var settings = ServiceProcess.Settings(pinned: true, new Dictionary<string, string> { ["Store__CheckpointPages"] = "2048" });

        Assert.Equal("0", settings["DOTNET_gcServer"]);
        Assert.Equal(16 * 1024 * 1024, Convert.ToInt32(settings["DOTNET_GCgen0size"], 16));
        Assert.Equal("2048", settings["Store__CheckpointPages"]);
    }

    [Fact]
    public void A_setting_the_caller_gives_wins_over_the_bench_own()
    {
        var settings = ServiceProcess.Settings(pinned: true, new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x400000" });

        Assert.Equal("0x400000", settings["DOTNET_GCgen0size"]);
    }

    [Fact]
    public void An_unpinned_server_runs_as_a_deployment_runs_it_with_only_the_callers_settings()
    {
        var settings = ServiceProcess.Settings(pinned: false, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.False(settings.ContainsKey("DOTNET_gcServer"));
        Assert.False(settings.ContainsKey("DOTNET_GCgen0size"));
        Assert.Equal("Production", settings["ASPNETCORE_ENVIRONMENT"]);
    }
}
