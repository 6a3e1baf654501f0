namespace CoProduction.Turns.Bench;

/// <summary>
/// The baseline: an endpoint on the same web server that reads the same form and answers with
/// constant TwiML. What a turn costs beyond this is ours.
/// </summary>
public static class BareEndpoint
{
    private const string Twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>How happy are you with your support? Reply 1 to 5.</Message></Response>";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok());
        // The one counter the bench's warm-up reads (JitWarmUp): the methods the JIT has compiled, tier-ups included, as
        // the service's own Prometheus counter gives it, so the baseline is warmed by the same rule as the services.
        app.MapGet("/metrics", () => Results.Text(
            $"dotnet_jit_compiled_methods_total {System.Runtime.JitInfo.GetCompiledMethodCount().ToString(System.Globalization.CultureInfo.InvariantCulture)}\n",
            "text/plain"));
        app.MapPost("/twilio/sms", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            _ = form["Body"];
            return Results.Text(Twiml, "application/xml");
        });
        await app.RunAsync();
    }
}
