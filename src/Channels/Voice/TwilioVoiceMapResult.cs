using System.Diagnostics.CodeAnalysis;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.Voice;

/// <summary>A call webhook either becomes an Activity or is a problem to answer with 400.</summary>
public sealed record TwilioVoiceMapResult
{
    private TwilioVoiceMapResult(Activity? activity, string? problem)
    {
        Activity = activity;
        Problem = problem;
    }

    [MemberNotNullWhen(true, nameof(Activity))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Activity is not null;

    public Activity? Activity { get; }

    /// <summary>What is wrong, in plain English; never quotes the payload.</summary>
    public string? Problem { get; }

    public static TwilioVoiceMapResult Success(Activity activity) => new(activity, null);

    public static TwilioVoiceMapResult Invalid(string problem) => new(null, problem);
}
