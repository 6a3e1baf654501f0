namespace CoProduction.Store.Model;

public enum InvitationKind
{
    /// <summary>Part of a survey round staff scheduled for some groups.</summary>
    Round,
    /// <summary>A person's yearly check-in.</summary>
    Checkin,
}
