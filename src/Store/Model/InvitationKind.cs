namespace CoProduction.Store.Model;

public enum InvitationKind
{
    /// <summary>Part of a survey round staff scheduled for some groups.</summary>
    Round,
    /// <summary>A person's yearly check-in.</summary>
    Checkin,
    /// <summary>
    /// A round's published results sent back to someone who answered in it: one text or call,
    /// nothing to answer. Its RoundId stays null, so it never counts in the round's progress.
    /// </summary>
    Results,
}
