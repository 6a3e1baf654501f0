using System.Text;
using System.Xml;

namespace CoProduction.Channels;

/// <summary>
/// Characters XML 1.0 cannot carry: control characters other than tab, line feed and carriage
/// return, U+FFFE, U+FFFF and halves of surrogate pairs. A person's text can hold them (a phone's
/// odd keyboard, a pasted symbol); our replies are XML (TwiML) and PostgreSQL refuses NUL, so
/// they are removed from what people send before anything else reads it. The rule is the
/// framework's own (<see cref="XmlConvert.IsXmlChar"/>), as in the survey file check.
/// </summary>
public static class XmlSafeText
{
    /// <summary>The text without the characters XML cannot carry; the same string when it has none.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstForbidden(text);
        if (first < 0) return text;
        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }

    /// <summary>Where the first character XML cannot carry is, or -1.</summary>
    public static int FirstForbidden(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                i++;
                continue;
            }
            if (!XmlConvert.IsXmlChar(c)) return i;
        }
        return -1;
    }
}
