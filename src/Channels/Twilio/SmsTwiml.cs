using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;
using Twilio.TwiML;

namespace CoProduction.Channels.Twilio;

/// <summary>
/// The SMS webhook's answer: one &lt;Message&gt; per message activity with text, written as UTF-8
/// straight into the response. Byte for byte what Twilio's <see cref="MessagingResponse"/> writes
/// (its indented document, XML declaration and escaping), without building an XML tree and a string
/// on every turn (4% of a turn's CPU went there); the escapes are found once, as the text is written,
/// and both ways (a string, the response) render the same bytes. A text with a character whose escaping is not plain (a carriage return, a control character, anything XML cannot carry) goes through Twilio's
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
        var buffer = Render(Texts(activities), out var length);
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Answers 200 with the document, its length known so the response is not chunked. The bytes are
    /// rendered once into a pooled buffer and copied into the response's: no string, no builder (each
    /// was as big as the document, twice over in UTF-16).
    /// </summary>
    public static Task WriteAsync(HttpResponse response, IEnumerable<IActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(activities);
        var buffer = Render(Texts(activities), out var length);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/xml";
        response.ContentLength = length;
        var writer = response.BodyWriter;
        buffer.AsSpan(0, length).CopyTo(writer.GetSpan(length));
        writer.Advance(length);
        ArrayPool<byte>.Shared.Return(buffer);
        return writer.FlushAsync(cancellationToken).AsTask();
    }

    /// <summary>
    /// The document's UTF-8 bytes in a buffer from the shared pool (give it back): written here in one
    /// pass over each text when every character is plain, else the library's own document.
    /// </summary>
    private static byte[] Render(List<string> texts, out int length)
    {
        if (!AllPlain(texts))
        {
            var document = LibraryDocument(texts);
            var library = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(document.Length));
            length = Encoding.UTF8.GetBytes(document, library);
            return library;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLength(texts));
        length = Write(texts, buffer);
        return buffer;
    }

    private static bool AllPlain(List<string> texts)
    {
        foreach (var text in texts)
        {
            if (!IsPlain(text)) return false;
        }
        return true;
    }

    /// <summary>
    /// At least the document's length in UTF-8 bytes: a UTF-16 character is at most 3 bytes (a pair
    /// 4 for two), an escaped one at most 5 (<c>&amp;amp;</c>).
    /// </summary>
    private static int MaxLength(List<string> texts)
    {
        var length = DeclarationBytes.Length + NewLineBytes.Length + "<Response>"u8.Length + NewLineBytes.Length + "</Response>"u8.Length;
        foreach (var text in texts)
        {
            length += "  <Message>"u8.Length + "</Message>"u8.Length + NewLineBytes.Length + text.Length * "&amp;".Length;
        }
        return length;
    }

    /// <summary>Writes the document into <paramref name="into"/> (at least <see cref="MaxLength"/> bytes) and says how long it is.</summary>
    private static int Write(List<string> texts, Span<byte> into)
    {
        var at = Put(into, 0, DeclarationBytes);
        at = Put(into, at, NewLineBytes);
        if (texts.Count == 0) return Put(into, at, "<Response></Response>"u8);
        at = Put(into, at, "<Response>"u8);
        at = Put(into, at, NewLineBytes);
        foreach (var text in texts)
        {
            at = Put(into, at, "  <Message>"u8);
            var rest = text.AsSpan();
            for (var i = rest.IndexOfAny(Escaped); i >= 0; i = rest.IndexOfAny(Escaped))
            {
                at += Encoding.UTF8.GetBytes(rest[..i], into[at..]);
                at = Put(into, at, rest[i] switch { '&' => "&amp;"u8, '<' => "&lt;"u8, _ => "&gt;"u8 });
                rest = rest[(i + 1)..];
            }
            at += Encoding.UTF8.GetBytes(rest, into[at..]);
            at = Put(into, at, "</Message>"u8);
            at = Put(into, at, NewLineBytes);
        }
        return Put(into, at, "</Response>"u8);
    }

    private static readonly SearchValues<char> Escaped = SearchValues.Create("&<>");

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
        var rest = text.AsSpan();
        // Most text is all between a space and the surrogates: looked through at once, the rest one by one.
        for (var i = rest.IndexOfAnyExceptInRange(' ', '\uD7FF'); i >= 0; i = rest.IndexOfAnyExceptInRange(' ', '\uD7FF'))
        {
            var c = rest[i];
            var plain = c >= ' ' ? c >= '\uE000' && c < '\uFFFE' : c == '\t' || (c == '\n' && NewLine == "\n");
            if (!plain) return false;
            rest = rest[(i + 1)..];
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
