using System.Text;

namespace CoProduction.Channels.Voice;

/// <summary>
/// Reads a question's choices aloud: "Press 1 for Friends and family, press 2 for Work, or
/// say your answer." A caller cannot see buttons, so the choices must be heard, with the key
/// for each, in the question's own language.
/// </summary>
public static class VoiceChoiceWording
{
    public static string? Describe(IReadOnlyList<string> titles, VoiceLanguageOptions language, bool keys, bool speech)
    {
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(language);
        if (titles.Count == 0 || !keys)
        {
            // Without keys the question's own wording already says what to say.
            return null;
        }

        var keyed = titles.Take(VoiceQuery.MaxKeyedChoices).ToArray();
        // "Press 1 for 1" helps nobody: a scale question's own text says "press a number".
        if (keyed.Select((t, i) => t.Trim() == (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).All(same => same))
        {
            return null;
        }

        var press = language.PressWord;
        var lowerPress = press.Length > 0 ? char.ToLowerInvariant(press[0]) + press[1..] : press;
        var text = new StringBuilder();
        for (var i = 0; i < keyed.Length; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(i == 0 ? press : lowerPress).Append(' ').Append(i + 1).Append(' ').Append(language.ForWord).Append(' ').Append(keyed[i].Trim().TrimEnd('.'));
        }

        text.Append(speech ? ", " + language.OrSayYourAnswer : ".");
        return text.ToString();
    }
}
