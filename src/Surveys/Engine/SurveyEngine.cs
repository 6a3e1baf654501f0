using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>
/// The survey engine: (state, input) -> (state, replies, events). Pure: no I/O; the clock
/// comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class SurveyEngine(TimeProvider time, EngineOptions options)
{
    public TimeProvider Time => time;
    public EngineOptions Options => options;

    public TurnResult Handle(ConversationState state, Inbound input, ISurveyCatalog catalog) =>
        throw new NotImplementedException();

    /// <summary>Starts a survey without an inbound message (an invitation sent by staff or a check-in).</summary>
    public TurnResult Start(ConversationState state, PublishedSurvey survey, Channel channel, Guid? invitationId = null) =>
        throw new NotImplementedException();
}
