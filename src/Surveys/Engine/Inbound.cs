using CoProduction.Surveys.Definitions;

namespace CoProduction.Surveys.Engine;

/// <summary>What a person sent: the text (or keys / speech, already as text) and the channel.</summary>
public sealed record Inbound(string Text, Channel Channel);
