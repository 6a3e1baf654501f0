namespace CoProduction.Scheduling.Rounds;

/// <summary>The body of POST /api/rounds.</summary>
/// <param name="Channel">sms, voice or preferred (each person's own).</param>
/// <param name="ReminderAfterDays">A reminder this many days after the invitation, for those who have not begun.</param>
/// <param name="Reminders">How many reminders at most (default 1 when ReminderAfterDays is given).</param>
public sealed record RoundRequest(
    string? Survey,
    IReadOnlyList<string>? Groups,
    string? Channel,
    DateTimeOffset? Opens,
    DateTimeOffset? Closes,
    double? ReminderAfterDays = null,
    int? Reminders = null);

public sealed record RoundCreated(Guid? Id, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Id is not null;
}
