using CoProduction.Store.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CoProduction.Bot.Operations;

/// <summary>
/// OpenTelemetry: the service's own meters and spans (<see cref="CoProductionTelemetry"/>) and
/// ASP.NET Core's, scraped by Prometheus at GET /metrics; with Telemetry:OtlpEndpoint set, metrics,
/// traces and logs also go to that OTLP collector. Spans are made only then: with nobody to send
/// them to, every request would pay for one that nobody reads.
/// </summary>
public static class TelemetryServices
{
    public const string OtlpEndpointMessage = "Telemetry:OtlpEndpoint must be a full web address, like http://collector:4317";
    public const string OtlpProtocolMessage = "Telemetry:OtlpProtocol must be grpc or http/protobuf";

    /// <summary>The ASP.NET Core meters exported at /metrics.</summary>
    public static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["Telemetry:ServiceName"] is { Length: > 0 } name ? name : "coproduction"))
            .WithMetrics(m => m
                .AddMeter(CoProductionTelemetry.Name)
                // .NET's own runtime meter: working set, GC heap sizes, collections (the memory soak reads them).
                .AddMeter("System.Runtime")
                // ASP.NET Core's request duration and active requests, Kestrel's connections and the
                // exceptions handled. Not the instrumentation package's whole set: its routing and rate
                // limiting meters and its per-request error-type middleware cost every webhook tag
                // lookups (about 2% of an SMS turn) for figures nobody reads.
                .AddMeter(AspNetCoreMeters)
                // Each scrape sees the counts as they are now, not a copy kept for a moment.
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        if (configuration["Telemetry:OtlpEndpoint"] is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException(OtlpEndpointMessage);
            }
            var protocol = configuration["Telemetry:OtlpProtocol"] switch
            {
                null or "" or "grpc" => OtlpExportProtocol.Grpc,
                "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
                _ => throw new InvalidOperationException(OtlpProtocolMessage),
            };
            // Traces only where they go somewhere: Prometheus takes metrics alone, and a tracer with
            // no exporter still made a span, its tags and a context read for every request.
            telemetry.WithTracing(t => t
                .AddSource(CoProductionTelemetry.Name)
                // Query strings are redacted by the instrumentation; probes are not worth a span.
                .AddAspNetCoreInstrumentation(o => o.Filter = http =>
                    !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics")));
            telemetry.UseOtlpExporter(protocol, url);
        }
        return services;
    }
}
