using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Twilio.TwiML;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// The SMS webhook's answer: one &lt;Message&gt; per message activity with text, written as UTF-8
/// straight into the response. Byte for byte what Twilio's <see cref="MessagingResponse"/> writes
/// (its indented document, XML declaration and escaping), without building an XML tree and a string
/// on every turn (4% of a turn's CPU went there). A text with a character whose escaping is not
/// plain (a carriage return, a control character, anything XML cannot carry) goes through Twilio's
/// own writer instead, so the bytes stay the library's whatever the text.
/// </summary>
public static class SmsTwiml
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private static readonly string NewLine = Environment.NewLine;

    /// <summary>Typing, delays and other activity types mean nothing in a text message.</summary>
    public static bool IsSent(IActivity activity) =>
        activity.Type == ActivityTypes.Message && activity is IMessageActivity message && !string.IsNullOrWhiteSpace(message.Text);

    /// <summary>The document as a string (what the response body holds).</summary>
    public static string ToString(IEnumerable<IActivity> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var texts = Texts(activities);
        if (!texts.TrueForAll(IsPlain)) return LibraryDocument(texts);

        var xml = new StringBuilder(Declaration.Length + 32 + texts.Sum(t => t.Length + 24));
        xml.Append(Declaration).Append(NewLine);
        if (texts.Count == 0) return xml.Append("<Response></Response>").ToString();
        xml.Append("<Response>").Append(NewLine);
        foreach (var text in texts)
        {
            xml.Append("  <Message>");
            AppendEscaped(xml, text);
            xml.Append("</Message>").Append(NewLine);
        }
        return xml.Append("</Response>").ToString();
    }

    /// <summary>Answers 200 with the document, its length known so the response is not chunked.</summary>
    public static Task WriteAsync(HttpResponse response, IEnumerable<IActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var document = ToString(activities);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        var length = Encoding.UTF8.GetByteCount(document);
        response.ContentLength = length;
        var writer = response.BodyWriter;
        var written = Encoding.UTF8.GetBytes(document, writer.GetSpan(length));
        writer.Advance(written);
        return writer.FlushAsync(cancellationToken).AsTask();
    }

    private static List<string> Texts(IEnumerable<IActivity> activities)
    {
        var texts = new List<string>(2);
        foreach (var activity in activities)
        {
            if (IsSent(activity)) texts.Add(((IMessageActivity)activity).Text);
        }
        return texts;
    }

    /// <summary>
    /// Only what the XML writer escapes as &amp;amp; &amp;lt; &amp;gt; or leaves alone: a line feed is
    /// left alone only where it is the writer's own new line.
    /// </summary>
    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            var plain = c >= ' ' ? c < '\uD800' || (c >= '\uE000' && c < '\uFFFE') : c == '\t' || (c == '\n' && NewLine == "\n");
            if (!plain) return false;
        }
        return true;
    }

    private static void AppendEscaped(StringBuilder xml, string text)
    {
        var rest = text.AsSpan();
        for (var i = rest.IndexOfAny("&<>"); i >= 0; i = rest.IndexOfAny("&<>"))
        {
            xml.Append(rest[..i]).Append(rest[i] switch { '&' => "&amp;", '<' => "&lt;", _ => "&gt;" });
            rest = rest[(i + 1)..];
        }
        xml.Append(rest);
    }

    private static string LibraryDocument(List<string> texts)
    {
        var response = new MessagingResponse();
        foreach (var text in texts) response.Message(text);
        return response.ToString();
    }
}
