using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CoProduction.Testing.Nodes;

/// <summary>
/// One node: the built service run as its own process (<c>dotnet CoProduction.Bot.dll</c>) on a free port,
/// with its settings as environment variables, as a deployment would run it. Its output is kept
/// for the failure message.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(300);
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Node(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        _settings = settings;
        Port = FreePort();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public HttpClient Http { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the process (again, on the same port) and waits until /health answers 200.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(BuiltService.Path)!,
        };
        info.ArgumentList.Add(BuiltService.Path);
        foreach (var (key, value) in _settings) info.Environment[key.Replace(":", "__")] = value;
        info.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_WEBROOT"] = Path.GetFullPath(BuiltService.WebRoot);

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartPatience;
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"Node {Name} exited with {process.ExitCode} while starting:\n{Output}");
            try
            {
                using var health = await Http.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK) return;
                Keep($"(tests) /health answered {(int)health.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Node {Name} was not ready within {StartPatience.TotalSeconds} s:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine dies or the kernel kills it.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Http.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            // The end matters most when something fails.
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
