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

    public static bool IsGsm7(string text) => text.All(c => Basic.Contains(c) || Extended.Contains(c));

    /// <summary>Length in the units of its encoding (septets for GSM-7, UTF-16 code units for UCS-2).</summary>
    public static int Units(string text) =>
        IsGsm7(text) ? text.Sum(c => Extended.Contains(c) ? 2 : 1) : text.Length;

    public static int Count(string text)
    {
        if (text.Length == 0) return 1;
        var gsm = IsGsm7(text);
        var units = Units(text);
        var single = gsm ? 160 : 70;
        var multi = gsm ? 153 : 67;
        return units <= single ? 1 : (units + multi - 1) / multi;
    }

    public static string Encoding(string text) => IsGsm7(text) ? "GSM-7" : "UCS-2";

    /// <summary>
    /// Swaps typographic punctuation for plain forms so a message stays GSM-7: one curly quote
    /// would otherwise more than double the cost of every message.
    /// </summary>
    public static string Plain(string text) => text
        .Replace('‘', '\'').Replace('’', '\'').Replace('“', '"').Replace('”', '"')
        .Replace('–', '-').Replace('—', '-').Replace("…", "...").Replace('\u00A0', ' ');
}
