namespace CoProduction.Bot.Safety;

/// <summary>How big a request body may be, by where it goes: the one list of body limits (the README's "Limits and bad input" repeats it).</summary>
public static class RequestLimits
{
    /// <summary>Twilio's webhooks: a text is at most 1,600 characters; the whole form is a few KB.</summary>
    public const long TwilioWebhook = 64 * 1024;

    /// <summary>One Direct Line activity, or a token request.</summary>
    public const long DirectLine = CoProduction.Channels.DirectLine.DirectLineEndpoints.MaxActivityBody;

    /// <summary>A survey file (YAML or XLSForm spreadsheet).</summary>
    public const long SurveyFile = Staff.StaffApi.MaxSurveyFileBytes;

    /// <summary>A people CSV: about 2,000,000 people with every column (it streams into the store).</summary>
    public const long PeopleFile = Staff.SchedulingApi.MaxPeopleFileBytes + 64 * 1024;

    /// <summary>Everything else: JSON bodies of the staff API, the staff pages' forms.</summary>
    public const long Default = 64 * 1024;

    public static long BodyLimitFor(PathString path)
    {
        if (path.StartsWithSegments("/twilio")) return TwilioWebhook;
        if (path.StartsWithSegments("/v3/directline") || path.StartsWithSegments("/chat")) return DirectLine;
        if (path.StartsWithSegments("/api/people") || path.StartsWithSegments("/staff/people")) return PeopleFile;
        if (path.Equals("/api/surveys", StringComparison.OrdinalIgnoreCase)) return SurveyFile;
        return Default;
    }
}
