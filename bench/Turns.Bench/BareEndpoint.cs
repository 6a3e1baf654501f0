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
        app.MapPost("/twilio/sms", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            _ = form["Body"];
            return Results.Text(Twiml, "application/xml");
        });
        await app.RunAsync();
    }
}
