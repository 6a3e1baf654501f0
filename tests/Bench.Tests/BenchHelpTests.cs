using System.Diagnostics;

namespace CoProduction.Bench.Tests;

/// <summary>
/// Each bench's own build, started as a person starts it: <c>--help</c> prints its options and exits at once
/// (Turns.Bench used to start a whole run instead), and an option it does not know is refused before anything runs.
/// </summary>
public sealed class BenchHelpTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var bench in new[] { "Turns.Bench", "Soak.Bench", "Scheduling.Bench", "Results.Bench", "Understanding.Bench" })
        {
            cases.Add(bench, "--help");
            cases.Add(bench, "--no-such-option");
        }
        return cases;
    }

    /// <summary>
    /// <c>--help</c>: the options on standard output, nothing on standard error, exit 0. An unknown option: what is
    /// wrong and the options on standard error, nothing on standard output, exit 2. Either way at once.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Help_prints_the_options_and_an_unknown_option_is_refused_with_them_before_anything_runs(string bench, string argument)
    {
        var (exit, output, error) = await RunAsync(bench, argument);

        var help = argument == "--help";
        var (said, silent) = help ? (output, error) : (error, output);
        Assert.Equal(help ? 0 : 2, exit);
        Assert.StartsWith(help ? "" : "Unknown option: --no-such-option.", said, StringComparison.Ordinal);
        Assert.Contains("Options:", said, StringComparison.Ordinal);
        Assert.Contains("--help, -h", said, StringComparison.Ordinal);
        Assert.Equal("", silent);
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
