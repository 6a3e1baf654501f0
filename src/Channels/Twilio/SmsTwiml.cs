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
    private static ReadOnlySpan<byte> DeclarationBytes => "<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8;
    private static readonly string NewLine = Environment.NewLine;
    private static readonly byte[] NewLineBytes = Encoding.UTF8.GetBytes(NewLine);

    /// <summary>Typing, delays and other activity types mean nothing in a text message.</summary>
    public static bool IsSent(IActivity activity) =>
        activity.Type == ActivityTypes.Message && activity is IMessageActivity message && !string.IsNullOrWhiteSpace(message.Text);

    /// <summary>The document as a string (what the response body holds).</summary>
    public static string ToString(IEnumerable<IActivity> activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var texts = Texts(activities);
        if (!AllPlain(texts)) return LibraryDocument(texts);
        var bytes = new byte[Length(texts)];
        Write(texts, bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// Answers 200 with the document, its length known so the response is not chunked. The bytes are
    /// written straight into the response's buffer: no string, no builder (each was as big as the
    /// document, twice over in UTF-16).
    /// </summary>
    public static Task WriteAsync(HttpResponse response, IEnumerable<IActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(activities);
        var texts = Texts(activities);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        var writer = response.BodyWriter;
        if (!AllPlain(texts))
        {
            var document = LibraryDocument(texts);
            var bytes = Encoding.UTF8.GetByteCount(document);
            response.ContentLength = bytes;
            writer.Advance(Encoding.UTF8.GetBytes(document, writer.GetSpan(bytes)));
            return writer.FlushAsync(cancellationToken).AsTask();
        }
        var length = Length(texts);
        response.ContentLength = length;
        Write(texts, writer.GetSpan(length));
        writer.Advance(length);
        return writer.FlushAsync(cancellationToken).AsTask();
    }

    private static bool AllPlain(List<string> texts)
    {
        foreach (var text in texts)
        {
            if (!IsPlain(text)) return false;
        }
        return true;
    }

    /// <summary>The document's length in UTF-8 bytes, its escapes counted.</summary>
    private static int Length(List<string> texts)
    {
        var length = DeclarationBytes.Length + NewLineBytes.Length;
        if (texts.Count == 0) return length + "<Response></Response>"u8.Length;
        length += "<Response>"u8.Length + NewLineBytes.Length + "</Response>"u8.Length;
        foreach (var text in texts)
        {
            length += "  <Message>"u8.Length + "</Message>"u8.Length + NewLineBytes.Length + Encoding.UTF8.GetByteCount(text);
            var rest = text.AsSpan();
            for (var i = rest.IndexOfAny("&<>"); i >= 0; i = rest.IndexOfAny("&<>"))
            {
                length += rest[i] == '&' ? "&amp;".Length - 1 : "&lt;".Length - 1;
                rest = rest[(i + 1)..];
            }
        }
        return length;
    }

    /// <summary>Writes the document (exactly <see cref="Length"/> bytes) into <paramref name="into"/>.</summary>
    private static void Write(List<string> texts, Span<byte> into)
    {
        var at = Put(into, 0, DeclarationBytes);
        at = Put(into, at, NewLineBytes);
        if (texts.Count == 0)
        {
            Put(into, at, "<Response></Response>"u8);
            return;
        }
        at = Put(into, at, "<Response>"u8);
        at = Put(into, at, NewLineBytes);
        foreach (var text in texts)
        {
            at = Put(into, at, "  <Message>"u8);
            var rest = text.AsSpan();
            for (var i = rest.IndexOfAny("&<>"); i >= 0; i = rest.IndexOfAny("&<>"))
            {
                at += Encoding.UTF8.GetBytes(rest[..i], into[at..]);
                at = Put(into, at, rest[i] switch { '&' => "&amp;"u8, '<' => "&lt;"u8, _ => "&gt;"u8 });
                rest = rest[(i + 1)..];
            }
            at += Encoding.UTF8.GetBytes(rest, into[at..]);
            at = Put(into, at, "</Message>"u8);
            at = Put(into, at, NewLineBytes);
        }
        Put(into, at, "</Response>"u8);
    }

    private static int Put(Span<byte> into, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into[at..]);
        return at + bytes.Length;
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

    private static string LibraryDocument(List<string> texts)
    {
        var response = new MessagingResponse();
        foreach (var text in texts) response.Message(text);
        return response.ToString();
    }
}
