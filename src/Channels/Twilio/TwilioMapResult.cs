using System.Diagnostics.CodeAnalysis;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// An incoming SMS or call webhook either becomes an Activity or is a problem to answer with 400. A
/// malformed post is an expected case (someone probing the URL), so it is a value.
/// </summary>
public sealed record TwilioMapResult
{
    private TwilioMapResult(Activity? activity, string? problem)
    {
        Activity = activity;
        Problem = problem;
    }

    [MemberNotNullWhen(true, nameof(Activity))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Activity is not null;

    public Activity? Activity { get; }

    /// <summary>What is wrong, in plain English, safe to show (it never quotes the payload).</summary>
    public string? Problem { get; }

    public static TwilioMapResult Success(Activity activity) => new(activity, null);

    public static TwilioMapResult Invalid(string problem) => new(null, problem);
}
