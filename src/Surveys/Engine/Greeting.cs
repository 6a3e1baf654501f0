namespace CoProduction.Surveys.Engine;

/// <summary>How a conversation that the person did not start with a text begins (a phone call, a chat window).</summary>
/// <param name="SurveyId">Start this published survey straight away (a chat link for one survey).</param>
/// <param name="Language">The language the person chose before the conversation (a chat page setting).</param>
/// <param name="AskLanguage">Ask "For English press 1, am Gymraeg pwyswch 2" when we don't know their language.</param>
/// <param name="Invitation">The invitation this conversation answers (an invitation call picked up, an
/// invitation chat link opened): its survey version starts, or carries on, tied to it.</param>
public sealed record Greeting(string? SurveyId = null, string? Language = null, bool AskLanguage = false, InvitedSurvey? Invitation = null)
{
    /// <summary>What the channel can do; unset means what the channel passed to the greeting does today.</summary>
    public ChannelCapabilities? Capabilities { get; init; }
}

/// <summary>The survey version an invitation asks for.</summary>
public sealed record InvitedSurvey(Guid InvitationId, string SurveyId, int Version);
