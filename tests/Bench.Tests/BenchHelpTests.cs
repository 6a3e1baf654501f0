using System.Diagnostics;

namespace CoProduction.Bench.Tests;

/// <summary>
/// Each bench's own build, started as a person starts it: <c>--help</c> prints its options and exits at once
/// (Turns.Bench used to start a whole run instead), and an option it does not know is refused before anything runs.
/// </summary>
public sealed class BenchHelpTests
{
    public static TheoryData<string> Benches => new() { "Turns.Bench", "Soak.Bench", "Scheduling.Bench", "Results.Bench", "Understanding.Bench" };

    [Theory]
    [MemberData(nameof(Benches))]
    public async Task Help_prints_the_options_and_exits(string bench)
    {
        var (exit, output, error) = await RunAsync(bench, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Options:", output, StringComparison.Ordinal);
        Assert.Contains("--help, -h", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Theory]
    [MemberData(nameof(Benches))]
    public async Task An_unknown_option_is_refused_with_the_options(string bench)
    {
        var (exit, output, error) = await RunAsync(bench, "--no-such-option");

        Assert.Equal(2, exit);
        Assert.StartsWith("Unknown option: --no-such-option.", error, StringComparison.Ordinal);
        Assert.Contains("Options:", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string bench, string argument)
    {
        // tests/Bench.Tests/bin/<Configuration>/net10.0/ -> bench/<name>/bin/<Configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent!.Name;
        var root = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "bench", bench, "bin", configuration, "net10.0", $"CoProduction.{bench}.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", [dll, argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{bench} {argument} was still running after 60 s: it started a run instead of stopping.");
        }
        return (process.ExitCode, await output, await error);
    }
}
