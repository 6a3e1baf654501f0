namespace CoProduction.Scheduling.Rounds;

/// <summary>
/// How a round is going. A funnel: "sent" counts everyone a message reached us as sent for, even
/// if they have since started or completed; optedOut and failed count where invitations ended.
/// </summary>
public sealed record RoundProgress(
    Guid Id,
    string Survey,
    int Version,
    string Groups,
    string Channel,
    DateTimeOffset Opens,
    DateTimeOffset Closes,
    bool Closed,
    int Invited,
    int Sent,
    int Delivered,
    int Started,
    int Completed,
    int OptedOut,
    int Failed,
    int Expired,
    int Pending);
