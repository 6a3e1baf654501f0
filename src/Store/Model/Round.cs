namespace CoProduction.Store.Model;

/// <summary>A survey round: one published survey version sent to some groups between two times.</summary>
public sealed class Round
{
    public Guid Id { get; set; }
    public required string SurveyId { get; set; }
    public int Version { get; set; }

    /// <summary>The groups invited, ';'-separated as in the people CSV.</summary>
    public required string Groups { get; set; }

    public RoundChannel Channel { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }

    /// <summary>A reminder goes this long after the invitation when the person has not started.</summary>
    public TimeSpan? ReminderAfter { get; set; }

    /// <summary>How many reminders at most (0: none).</summary>
    public int Reminders { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when staff closed it early; reminders stop and unsent invitations expire.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Set once every invitation has been created.</summary>
    public DateTimeOffset? InvitationsCreatedAt { get; set; }

    public IReadOnlyList<string> GroupList => Groups.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum RoundChannel
{
    Sms,
    Voice,
    /// <summary>Each person's preferred channel (SMS when they have none).</summary>
    Preferred,
}
