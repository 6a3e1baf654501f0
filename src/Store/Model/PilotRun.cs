using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Model;

/// <summary>
/// A board member trying out a version before it is published. Sessions started for a pilot are
/// marked <see cref="Session.Pilot"/> and never counted in results.
/// </summary>
public sealed class PilotRun
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }
    public Guid MemberId { get; set; }
    public Channel Channel { get; set; }

    /// <summary>E.164 phone for SMS and voice pilots, or the web chat user id.</summary>
    public required string Address { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}
