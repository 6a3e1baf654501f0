using System.Globalization;
using System.Text;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Turns a reply into plain lower-case words so tables can be written once: people on basic
/// phones type without accents, apostrophes or capitals ("dont", "siwr", "YES"), and keypad
/// emoji ("4️⃣") are digits.
/// </summary>
internal static class ReplyText
{
    /// <summary>
    /// Lower case, accents folded (ŵ -> w), apostrophes dropped inside words ("don't" -> "dont"),
    /// every other non-letter, non-digit character a space, spaces collapsed.
    /// Thumbs up/down become the words "thumbsup"/"thumbsdown" so word tables can hold them.
    /// </summary>
    public static string Words(string reply)
    {
        var folded = Fold(reply);
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
            else if (ch is '\'' or '’' or '‘' or '`') continue;
            else sb.Append(' ');
        }
        return Collapse(sb.ToString());
    }

    /// <summary>Words(reply) split into tokens.</summary>
    public static string[] Tokens(string reply) =>
        Words(reply).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Lower case, accents folded, emoji that carry meaning spelled out, keypad digits made plain;
    /// punctuation kept (the number and date readers need "/", "." and "-").
    /// </summary>
    public static string Fold(string reply)
    {
        var s = reply
            .Replace("\uFE0F", "").Replace("\u20E3", "") // "4️⃣" is the digit 4 plus two combining marks
            .Replace("👍", " thumbsup ").Replace("👎", " thumbsdown ")
            .Replace("✅", " thumbsup ").Replace("❌", " thumbsdown ").Replace("✔", " thumbsup ");
        var decomposed = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.ToLowerInvariant(ch));
        }
        return Collapse(sb.ToString().Normalize(NormalizationForm.FormC));
    }

    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
