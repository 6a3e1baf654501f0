namespace CoProduction.Bot.Twilio;

/// <summary>
/// Sign-in cookies and staff keys are checked on every request except Twilio's webhooks, which
/// carry neither and prove themselves by their signature alone (a staff key never stands in for
/// it). Authenticating a webhook still made the policy scheme's and the cookie handler's objects
/// and read the cookies (with an X-Api-Key header, a store lookup too) on every text: about 2% of an
/// SMS turn's CPU for a result nothing used.
/// </summary>
public static class WebhookAuthentication
{
    /// <summary>
    /// The mark UseAuthentication leaves on the application. Set in a branch, it stays in the
    /// branch; without it on the application itself, WebApplication adds its own authentication at
    /// the head of the pipeline, for every request (ASP.NET Core's own tests set it the same way).
    /// </summary>
    private const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";

    public static WebApplication UseAuthenticationExceptForWebhooks(this WebApplication app)
    {
        app.UseWhen(context => !TwilioEndpoints.IsWebhook(context.Request.Path), branch => branch.UseAuthentication());
        ((IApplicationBuilder)app).Properties[AuthenticationSetKey] = true;
        return app;
    }
}
