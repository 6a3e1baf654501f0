using System.Globalization;
using System.Text;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Turns a reply into plain lower-case words so tables can be written once: people on basic
/// phones type without accents, apostrophes or capitals ("dont", "siwr", "YES"), keypad
/// emoji ("4️⃣") are digits, and a phone set to Urdu, Bengali or Hindi types its own digits
/// ("٤", "৪", "४"), which are the same numbers.
/// </summary>
internal static class ReplyText
{
    /// <summary>
    /// Lower case, accents folded (ŵ -> w), apostrophes dropped inside words ("don't" -> "dont"),
    /// every other non-letter, non-digit character a space, spaces collapsed. A symbol someone may
    /// use as an option ("★", "😀") is a word of its own. Thumbs up/down become the words
    /// "thumbsup"/"thumbsdown" so word tables can hold them.
    /// </summary>
    public static string Words(string reply)
    {
        var folded = Fold(reply);
        // The common reply ("yes", "3", "more trips out please"): nothing but ASCII letters, digits
        // and spaces, which the loop below would copy unchanged into a new string.
        if (!folded.AsSpan().ContainsAnyExcept(AsciiWordCharacters)) return Collapse(folded);
        var sb = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category == UnicodeCategory.SpacingCombiningMark) Append(sb, rune);
            else if (rune.Value is '\'' or '’' or '‘' or '`') continue;
            else if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol && rune.Value is not ('+' or '<' or '>' or '=' or '|' or '~'))
                Append(sb.Append(' '), rune).Append(' ');
            else sb.Append(' ');
        }
        return Collapse(sb.ToString());
    }

    /// <summary>Words(reply) split into tokens.</summary>
    public static string[] Tokens(string reply) =>
        Words(reply).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Lower case, accents folded, emoji that carry meaning spelled out, every script's decimal
    /// digits and full-width forms made plain ASCII; punctuation kept (the number and date
    /// readers need "/", "." and "-").
    /// </summary>
    public static string Fold(string reply)
    {
        // Plain ASCII (most replies) has no accents, emoji, other scripts' digits or marks to fold:
        // the loop below would only lower its case (no copy when it has no capitals) and collapse it.
        if (Ascii.IsValid(reply)) return Collapse(reply.ToLowerInvariant());
        return FoldRunes(reply);
    }

    /// <summary><see cref="Fold"/> rune by rune, for any text (tests compare it with the ASCII shortcut).</summary>
    internal static string FoldRunes(string reply)
    {
        var s = reply
            .Replace("\uFE0F", "").Replace("\u20E3", "") // "4️⃣" is the digit 4 plus two combining marks
            .Replace("👍", " thumbsup ").Replace("👎", " thumbsdown ")
            .Replace("✅", " thumbsup ").Replace("❌", " thumbsdown ").Replace("✔", " thumbsup ");
        var decomposed = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            // Combining accents, and the joiners Persian and Bengali keyboards put inside words.
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format) continue;
            if (Plain(rune) is { } plain) { sb.Append(plain); continue; }
            Append(sb, Rune.ToLowerInvariant(rune));
        }
        return Collapse(sb.ToString().Normalize(NormalizationForm.FormC));
    }

    /// <summary>The ASCII character a digit or number sign of another script stands for.</summary>
    private static char? Plain(Rune rune)
    {
        if (rune.Value < 0x80) return null;
        // Any script's decimal digit (Unicode category Nd): Arabic-Indic ٤, Persian ۴, Bengali ৪,
        // Devanagari ४, Gurmukhi ੪, Gujarati ૪, Tamil ௪, full-width ４ ...
        var digit = CharUnicodeInfo.GetDecimalDigitValue(rune.ToString(), 0);
        if (digit >= 0) return (char)('0' + digit);
        return rune.Value switch
        {
            0x066B => '.', // Arabic decimal separator
            0x066C => ',', // Arabic thousands separator
            0x060C => ',', // Arabic comma
            0x061B => ';', // Arabic semicolon
            0x061F => '?', // Arabic question mark
            0x06D4 => '.', // Urdu full stop
            0x0964 or 0x0965 => '.', // Devanagari danda, used as a full stop in Hindi and Bengali
            0x00A0 or 0x202F or 0x2009 or 0x2007 => '\u2009', // no-break and thin spaces: kept apart, they group digits
            0x2010 or 0x2011 or 0x2012 or 0x2013 or 0x2212 or 0xFE63 => '-',
            0x2044 or 0x2215 => '/', // fraction slash, division slash
            // Full-width ASCII from East Asian keyboards: ！ to ～.
            >= 0xFF01 and <= 0xFF5E => char.ToLowerInvariant((char)(rune.Value - 0xFEE0)),
            0x3000 => ' ',
            _ => null,
        };
    }

    /// <summary>
    /// A rune as its one or two UTF-16 characters. StringBuilder has no Append(Rune): the object
    /// overload boxed every rune and made it a string, a few kilobytes on every turn.
    /// </summary>
    private static StringBuilder Append(StringBuilder sb, Rune rune)
    {
        Span<char> chars = stackalloc char[2];
        return sb.Append(chars[..rune.EncodeToUtf16(chars)]);
    }

    /// <summary>
    /// The tokens of a phrase from a survey or a table (an option's words, a label, a synonym), worked
    /// out once per phrase: the same phrases are matched against every reply. Callers never change
    /// the array. Bounded, as surveys are edited: when full it starts again.
    /// </summary>
    public static string[] PhraseTokens(string phrase)
    {
        if (PhraseCache.TryGetValue(phrase, out var tokens)) return tokens;
        tokens = Tokens(phrase);
        if (PhraseCache.Count >= MaxCachedPhrases) PhraseCache.Clear();
        PhraseCache[phrase] = tokens;
        return tokens;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiWordCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ");

    private const int MaxCachedPhrases = 20_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> PhraseCache = new(StringComparer.Ordinal);

    private static string Collapse(string s)
    {
        if (IsCollapsed(s)) return s;
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch) && ch != '\u2009') { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>No white space but single spaces between words (the thin space kept): Collapse would give it back unchanged.</summary>
    private static bool IsCollapsed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (!char.IsWhiteSpace(ch) || ch == '\u2009') continue;
            if (ch != ' ' || i == 0 || i == s.Length - 1 || (char.IsWhiteSpace(s[i + 1]) && s[i + 1] != '\u2009')) return false;
        }
        return true;
    }
}
