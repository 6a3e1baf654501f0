namespace CoProduction.Surveys.Rendering;

/// <summary>
/// How an SMS will travel: GSM-7 (160 characters a segment, 153 when split) or, if any
/// character is outside GSM-7, UCS-2 (70 a segment, 67 when split). Each segment is billed
/// and arrives separately on some basic phones, so we aim for one.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // These take two septets (escape + char).
    private const string Extended = "^{}\\[~]|€\f";

    // Searched as sets (vectorised): a turn counts its texts' segments to decide whether two fit in one.
    private static readonly System.Buffers.SearchValues<char> Gsm7 = System.Buffers.SearchValues.Create(Basic + Extended);
    private static readonly System.Buffers.SearchValues<char> TwoSeptets = System.Buffers.SearchValues.Create(Extended);
    private static readonly System.Buffers.SearchValues<char> NotPlain = System.Buffers.SearchValues.Create("‘’“”–—…\u00A0");

    public static bool IsGsm7(string text) => !text.AsSpan().ContainsAnyExcept(Gsm7);

    /// <summary>Length in the units of its encoding (septets for GSM-7, UTF-16 code units for UCS-2).</summary>
    public static int Units(string text) =>
        IsGsm7(text) ? text.Length + CountTwoSeptets(text) : text.Length;

    private static int CountTwoSeptets(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var at = text.IndexOfAny(TwoSeptets); at >= 0; at = text.IndexOfAny(TwoSeptets))
        {
            count++;
            text = text[(at + 1)..];
        }
        return count;
    }

    public static int Count(string text)
    {
        if (text.Length == 0) return 1;
        var gsm = IsGsm7(text);
        var units = gsm ? text.Length + CountTwoSeptets(text) : text.Length;
        var single = gsm ? 160 : 70;
        var multi = gsm ? 153 : 67;
        return units <= single ? 1 : (units + multi - 1) / multi;
    }

    public static string Encoding(string text) => IsGsm7(text) ? "GSM-7" : "UCS-2";

    /// <summary>
    /// Swaps typographic punctuation for plain forms so a message stays GSM-7: one curly quote
    /// would otherwise more than double the cost of every message.
    /// </summary>
    public static string Plain(string text) => !text.AsSpan().ContainsAny(NotPlain) ? text : text
        .Replace('‘', '\'').Replace('’', '\'').Replace('“', '"').Replace('”', '"')
        .Replace('–', '-').Replace('—', '-').Replace("…", "...").Replace('\u00A0', ' ');
}
