using PhoneUtil = global::PhoneNumbers.PhoneNumberUtil;
using PhoneFormat = global::PhoneNumbers.PhoneNumberFormat;
using PhoneParseException = global::PhoneNumbers.NumberParseException;

namespace CoProduction.Store;

/// <summary>
/// One phone number, one spelling: people and imports write "07700 900123", Twilio sends
/// "+447700900123"; the store keys people and opt-outs by E.164 so they always match.
/// </summary>
public static class PhoneNumbers
{
    private static readonly PhoneUtil Util = PhoneUtil.GetInstance();

    /// <summary>The number in E.164, or null when it is not a valid number.</summary>
    /// <param name="defaultRegion">Region for numbers written without a country code.</param>
    public static string? ToE164(string? raw, string defaultRegion = "GB")
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        try
        {
            var number = Util.Parse(raw, defaultRegion);
            return Util.IsValidNumber(number) || IsUkDramaNumber(number)
                ? Util.Format(number, PhoneFormat.E164)
                : null;
        }
        catch (PhoneParseException)
        {
            // Junk is an expected input here (a CSV cell, a typo), so it is a value, not an error.
            return null;
        }
    }

    /// <summary>
    /// The number a text or call came from, in E.164, when it is a possible number at all (right
    /// country code, right length): Twilio only sends numbers a network delivered from, and the
    /// phone-number library's list of allocated ranges lags behind real networks, so a reply from
    /// a new range (+447700901234) must still be answered and recorded. Staff imports use the
    /// strict <see cref="ToE164"/>, where a typo should be caught.
    /// </summary>
    public static string? FromNetwork(string? raw, string defaultRegion = "GB")
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        // Every text is parsed twice (the sender, then the store's address), and a person texts
        // several times in a row; libphonenumber's parse was about 1.5% of a turn in a profile.
        var key = (raw, defaultRegion);
        if (RecentFromNetwork.TryGetValue(key, out var known)) return known;
        string? phone;
        try
        {
            var number = Util.Parse(raw, defaultRegion);
            phone = Util.IsPossibleNumber(number) ? Util.Format(number, PhoneFormat.E164) : null;
        }
        catch (PhoneParseException)
        {
            phone = null;
        }
        // Bounded: emptied when full, so memory stays flat whoever texts.
        RecentFromNetwork.Set(key, phone);
        return phone;
    }

    /// <summary>How many parsed numbers are kept at most (the cache is emptied when full).</summary>
    public const int RecentLimit = 4096;

    /// <summary>How many parsed numbers are kept now (for tests of the bound).</summary>
    internal static int RecentCount => RecentFromNetwork.Count;

    private static readonly RecentTable<(string Raw, string Region), string?> RecentFromNetwork = new(RecentLimit);

    /// <summary>
    /// Ofcom keeps 07700 900000 to 900999 for drama and testing, so no real person has one.
    /// libphonenumber calls them invalid, but our docs, fixtures and the local phone simulator
    /// use them on purpose, so they must survive the same path a real number takes.
    /// </summary>
    private static bool IsUkDramaNumber(global::PhoneNumbers.PhoneNumber number) =>
        number.CountryCode == 44
        && number.NationalNumber is >= 7700900000UL and <= 7700900999UL;
}
