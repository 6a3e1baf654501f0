using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Conversations;

/// <summary>How we reach one person on one channel.</summary>
/// <param name="Id">E.164 phone for SMS and voice; the web chat user id for web.</param>
public sealed record ChannelAddress(Channel Channel, string Id)
{
    public bool IsPhone => Channel is Channel.Sms or Channel.Voice;

    /// <summary>The phone in E.164, tolerating other spellings; null for web.</summary>
    public string? Phone => IsPhone ? PhoneNumbers.FromNetwork(Id) ?? Id : null;

    public override string ToString() => $"{Channel.ToName()} address";
}
