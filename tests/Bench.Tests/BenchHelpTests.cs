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

    /// <summary>The bench's own build, started with <paramref name="arguments"/>; failed if it runs longer than 60 s.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(string bench, params string[] arguments) =>
        await RunAsync(bench, TimeSpan.FromSeconds(60), arguments);

    /// <summary>The bench's own build, started with <paramref name="arguments"/>; failed if it runs longer than <paramref name="limit"/>.</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(string bench, TimeSpan limit, params string[] arguments)
    {
        // tests/Bench.Tests/bin/<Configuration>/net10.0/ -> bench/<name>/bin/<Configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Parent!.Name;
        var root = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "bench", bench, "bin", configuration, "net10.0", $"CoProduction.{bench}.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var stop = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The bench stops the services it started when it is stopped (SIGTERM); killing its tree does too.
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{bench} {string.Join(' ', arguments)} was still running after {limit.TotalSeconds:0} s.");
        }
        return (process.ExitCode, await output, await error);
    }
}
