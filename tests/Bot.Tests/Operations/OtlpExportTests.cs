using System.Net;
using System.Net.Sockets;
using CoProduction.Bot.Operations;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Operations;

/// <summary>The OTLP exporter is off until Telemetry:OtlpEndpoint names a collector; then telemetry reaches it.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly ServiceFactory _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task WithAnOtlpEndpoint_TracesAndMetricsArePostedToTheCollector()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        _service.Settings["Telemetry:OtlpEndpoint"] = $"http://127.0.0.1:{port}";
        _service.Settings["Telemetry:OtlpProtocol"] = "http/protobuf";

        await _service.Phone("+447700900808").TextAsync("checkin");

        // The exporter sends in batches a few seconds apart: take what arrives until traces have come.
        var paths = new HashSet<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!paths.Contains("/v1/traces"))
        {
            var context = await collector.GetContextAsync().WaitAsync(deadline.Token);
            paths.Add(context.Request.Url!.AbsolutePath);
            Assert.Equal("application/x-protobuf", context.Request.ContentType);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
        Assert.Contains("/v1/traces", paths);
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317", TelemetryServices.OtlpEndpointMessage)]
    [InlineData("Telemetry:OtlpProtocol", "udp", TelemetryServices.OtlpProtocolMessage)]
    public void AWrongTelemetrySetting_StopsTheStart_NamingIt(string key, string value, string message)
    {
        _service.Settings["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317";
        _service.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => _service.CreateClient());

        Assert.Contains(message, error.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
