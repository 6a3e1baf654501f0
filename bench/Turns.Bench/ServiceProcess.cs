using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CoProduction.Turns.Bench;

/// <summary>
/// A server under test in its own process, pinned to one core (taskset) so the load client on
/// the other core does not steal its time; its CPU use is read from /proc.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    // Services still running, stopped if the bench itself is stopped (SIGTERM, Ctrl+C or a closed terminal), which
    // would otherwise leave them, pinned to core 0, serving after the bench has gone. The signal is turned into an
    // ordinary exit so that every ProcessExit handler runs: this one, and the throwaway PostgreSQL server's, which
    // stops its server (the runtime's own handling of SIGTERM ran neither here).
    private static readonly HashSet<Process> Running = [];
    private static readonly PosixSignalRegistration[] Signals =
        [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            Console.Error.WriteLine($"Stopped by {context.Signal}: stopping the services it started.");
            Environment.Exit(130);
        }))];

    static ServiceProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    private ServiceProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    private static void StopAll()
    {
        Process[] running;
        lock (Running) running = [.. Running];
        foreach (var process in running)
        {
            try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }
    }

    public Uri Url { get; }

    /// <summary>The process id (of taskset's child: taskset execs dotnet), for a diagnostic tool.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// The young generation's smallest budget every pinned server gets (<c>DOTNET_GCgen0size</c>, 16 MB), the bare
    /// endpoint as much as the services. The runtime sizes it from the CPU's cache sizes; on a machine that does not give
    /// them (this sandbox's, some containers and VMs) it falls to about 3 MB and the service collects five times as
    /// often, which on the twenty-fourth round's machine made an SMS turn 10.5% dearer (a pair, 6 of 6), while the
    /// machine before gave them and collected at 16 MB. The README advises a deployment on such a host to set the same.
    /// A caller's own value (<c>--a-env</c>, <c>--b-env</c>) wins.
    /// </summary>
    public const string YoungGenerationFloor = "0x1000000";

    /// <summary>
    /// Starts <paramref name="dll"/> and waits until its <c>/health</c> answers. Pinned (the default), it runs on core 0
    /// alone with the workstation collector (<c>DOTNET_gcServer=0</c>: on one core the runtime falls back to it anyway)
    /// and the young generation's floor (<see cref="YoungGenerationFloor"/>);
    /// <paramref name="pinned"/> false leaves it on every core with the collector its runtimeconfig asks for (the
    /// service ships the server collector), as a deployment runs it.
    /// </summary>
    /// <summary>
    /// What a server started by the bench gets in its environment beside its address: pinned, the workstation collector
    /// and <see cref="YoungGenerationFloor"/>; then the caller's own settings, which win.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Settings(bool pinned, IDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pinned)
        {
            settings["DOTNET_gcServer"] = "0";
            settings["DOTNET_GCgen0size"] = YoungGenerationFloor;
        }
        foreach (var (key, value) in environment) settings[key] = value;
        return settings;
    }

    public static async Task<ServiceProcess> StartAsync(string dll, IEnumerable<string> args, IDictionary<string, string> environment, string workingDirectory, bool pinned = true)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var pin = pinned && File.Exists("/usr/bin/taskset") && Environment.ProcessorCount > 1;
        var info = new ProcessStartInfo(pin ? "/usr/bin/taskset" : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        if (pin)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("0");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_URLS"] = url.ToString();
        foreach (var (key, value) in Settings(pinned, environment)) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        lock (Running) Running.Add(process);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(300))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode}:\n{output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(url, "/health"));
                if (response.IsSuccessStatusCode) return new ServiceProcess(process, url);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        process.Kill(entireProcessTree: true);
        lock (Running) Running.Remove(process);
        throw new InvalidOperationException($"{Path.GetFileName(dll)} was not ready within 300 s:\n{output}");
    }

    /// <summary>User plus system CPU time the process has used so far (Linux /proc; zero elsewhere).</summary>
    public TimeSpan CpuTime() => CoProduction.Bench.MachineCpu.FromTicks(CoProduction.Bench.MachineCpu.ProcessTicks(_process.Id, withEnded: false));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        lock (Running) Running.Remove(_process);
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
