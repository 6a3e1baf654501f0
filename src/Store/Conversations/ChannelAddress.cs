using CoProduction.Surveys.Definitions;

namespace CoProduction.Store.Conversations;

/// <summary>How we reach one person on one channel.</summary>
/// <param name="Id">E.164 phone for SMS and voice; the web chat user id for web.</param>
public sealed record ChannelAddress(Channel Channel, string Id)
{
    // The phone library's parse is slow and a turn asks for the phone many times: parsed once per
    // address (and again only if a copy is given another id).
    private Parsed? _parsed;

    public bool IsPhone => Channel is Channel.Sms or Channel.Voice;

    /// <summary>The phone in E.164, tolerating other spellings; null for web.</summary>
    public string? Phone
    {
        get
        {
            if (!IsPhone) return null;
            var parsed = _parsed;
            if (parsed is null || !ReferenceEquals(parsed.Id, Id))
            {
                parsed = new Parsed(Id, PhoneNumbers.FromNetwork(Id) ?? Id);
                _parsed = parsed;
            }
            return parsed.Phone;
        }
    }

    public bool Equals(ChannelAddress? other) => other is not null && Channel == other.Channel && Id == other.Id;

    public override int GetHashCode() => HashCode.Combine(Channel, Id);

    public override string ToString() => $"{Channel.ToName()} address";

    private sealed record Parsed(string Id, string Phone);
}
