namespace CoProduction.Surveys.Engine;

/// <summary>The result of one turn: the new state, what to say, and what to record.</summary>
public sealed record TurnResult(ConversationState State, IReadOnlyList<Prompt> Replies, IReadOnlyList<SurveyEvent> Events);
