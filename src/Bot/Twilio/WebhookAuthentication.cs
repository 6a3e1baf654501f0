namespace CoProduction.Bot.Twilio;

/// <summary>
/// Sign-in cookies and staff keys are checked, and endpoints' sign-in rules enforced, on every
/// request except those that carry their own proof and never a sign-in: Twilio's webhooks (their
/// signature alone; a staff key never stands in for it) and web chat's (Direct Line's own tokens
/// under /v3/directline, and /chat/token, which gives a visitor one). Authenticating a webhook
/// made the policy scheme's and the cookie handler's objects and read the cookies (with an
/// X-Api-Key header, a store lookup too) on every text: about 2% of an SMS turn's CPU for a result
/// nothing used; authorizing one combined an empty policy and made the request's Items dictionary
/// for its mark (0.6% of an SMS turn's samples). A web chat turn is four or five such requests.
/// None of these endpoints has a sign-in rule; should one ever be given one, the endpoint refuses
/// to run without the authorization middleware (a 500 in the tests, never a request let through).
/// </summary>
public static class WebhookAuthentication
{
    /// <summary>
    /// The mark UseAuthentication leaves on the application. Set in a branch, it stays in the
    /// branch; without it on the application itself, WebApplication adds its own authentication at
    /// the head of the pipeline, for every request (ASP.NET Core's own tests set it the same way).
    /// </summary>
    private const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>The same mark for UseAuthorization: without it WebApplication adds its own, for every request.</summary>
    private const string AuthorizationSetKey = "__AuthorizationMiddlewareSet";

    public static WebApplication UseSignInExceptForWebhooks(this WebApplication app)
    {
        app.UseWhen(context => SignInApplies(context.Request.Path), branch =>
        {
            branch.UseAuthentication();
            branch.UseAuthorization();
        });
        ((IApplicationBuilder)app).Properties[AuthenticationSetKey] = true;
        ((IApplicationBuilder)app).Properties[AuthorizationSetKey] = true;
        return app;
    }

    private static readonly PathString DirectLinePath = new(CoProduction.Channels.DirectLine.DirectLineEndpoints.BasePath);
    private static readonly PathString ChatTokenPath = new(CoProduction.Bot.WebChat.ChatTokenEndpoint.Path);

    /// <summary>Whether a request's path may carry a sign-in that matters (any case, as routing matches).</summary>
    public static bool SignInApplies(PathString path) =>
        !TwilioEndpoints.IsWebhook(path)
        && !path.StartsWithSegments(DirectLinePath)
        && !path.StartsWithSegments(ChatTokenPath);
}
