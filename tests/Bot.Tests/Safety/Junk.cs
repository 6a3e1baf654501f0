using System.Text;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// Bad values of every kind a person, a script or a broken client sends, drawn from one seeded
/// random source so a failing run can be repeated exactly.
/// </summary>
public sealed class Junk(int seed)
{
    public Random Random { get; } = new(seed);

    private static readonly string[] Specials =
    [
        "", " ", "\t", "\r\n", "null", "undefined", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "-0", "0x10",
        "99999999999999999999999", "-2147483649", "2147483648", "9223372036854775808", "1.5", "-1", "0", "00000000-0000-0000-0000-000000000000",
        "'; DROP TABLE \"People\"; --", "<script>alert(1)</script>", "]]><x/>", "&amp;&#0;&#xFFFE;", "{{7*7}}", "%s%n%x", "../../etc/passwd",
        "\u0000", "\u0001\u0002\u0003", "\u0008\u000B\u000C", "\u001B[31m", "\u007F", "\uFFFE", "\uFFFF", "\uFEFF", "\u200B\u200D", "\u202Egnp.exe",
        "a\u0000b", "STOP\u0000", "CHECKIN\u000B", "\uD83D\uDE00\uD83D\uDE00", "e\u0301\u0301\u0301", "Ŵŷ ŵ ŷ", "ﷺ", "\uD800", "\uDC00x",
        "STOP", "stop", "CHECKIN", "gwirio", "HELP", "START", "yes", "4", "four", "#", "*", "1403#", "+447700901234", "+44 7700 900123",
        "07700900123", "+1", "+999999999999999999", "+", "tel:+447700900123", "sip:someone@example.org", "client:alice", "anonymous",
        "2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31T23:59:59Z", "10000-01-01", "P1Y", "00:00", "25:61",
    ];

    public int Next(int max) => Random.Next(max);

    public int Next(int min, int max) => Random.Next(min, max);

    public bool Chance(double p) => Random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>A short or long string of printable, odd or forbidden characters.</summary>
    public string String()
    {
        switch (Random.Next(10))
        {
            case 0: case 1: case 2: return Pick(Specials);
            case 3: return Long(Random.Next(1, 6) switch { 1 => 17, 2 => 33, 3 => 65, 4 => 257, _ => 2001 });
            case 4: return Long(Random.Next(3000, 70000));
            case 5: return Pick(Specials) + Pick(Specials) + Pick(Specials);
            case 6: return Chars(Random.Next(1, 40));
            case 7: return new string('"', Random.Next(1, 500)) + "a,b\n";
            case 8: return Number();
            default: return Long(Random.Next(1, 20));
        }
    }

    /// <summary>Letters, exactly <paramref name="length"/> of them, sometimes ending in a control character.</summary>
    public string Long(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append((char)('a' + Random.Next(26)));
        if (Chance(0.2)) text[^1] = '\u0001';
        return text.ToString();
    }

    /// <summary>Any UTF-16 code units, control characters and lone surrogates included.</summary>
    public string Chars(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Random.Next(5) switch
            {
                0 => (char)Random.Next(0, 32),
                1 => (char)Random.Next(0xD800, 0xE000),
                2 => (char)Random.Next(0xFFF0, 0x10000),
                3 => (char)Random.Next(0x80, 0x800),
                _ => (char)Random.Next(32, 127),
            });
        }
        return text.ToString();
    }

    public string Number() => Random.Next(8) switch
    {
        0 => "NaN",
        1 => Chance(0.5) ? "Infinity" : "-Infinity",
        2 => "1e" + Random.Next(300, 400),
        3 => Random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000000",
        4 => (-Random.Next()).ToString(System.Globalization.CultureInfo.InvariantCulture),
        5 => Random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        6 => "0",
        _ => Random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A JSON value of a random shape, or text that is not JSON at all.</summary>
    public string JsonValue(int depth = 0)
    {
        var choice = Random.Next(depth > 3 ? 6 : 10);
        return choice switch
        {
            0 => "null",
            1 => Chance(0.5) ? "true" : "false",
            2 => Pick(["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1.7976931348623157e309", "12345678901234567890123", "-0", "0.1", "3"]),
            3 => System.Text.Json.JsonSerializer.Serialize(String()),
            4 => System.Text.Json.JsonSerializer.Serialize(Random.Next(-5, 100)),
            5 => "\"" + Chars(Random.Next(1, 10)).Replace("\\", "").Replace("\"", "") + "\"",
            6 => "[" + string.Join(",", Enumerable.Range(0, Random.Next(0, 4)).Select(_ => JsonValue(depth + 1))) + "]",
            7 => new string('[', 200 + Random.Next(100)) + new string(']', 200),
            _ => JsonObject(Pick(FieldNames), depth + 1),
        };
    }

    public static readonly string[] FieldNames =
    [
        "name", "role", "phone", "member", "question", "language", "variant", "text", "proposal", "channel", "address", "note", "list",
        "phrase", "instead", "survey", "groups", "opens", "closes", "reminderAfterDays", "reminders", "status", "round", "options",
        "visitor", "invite", "user", "id", "type", "value", "channelData", "attachments", "from", "locale", "entities", "__proto__",
    ];

    public string JsonObject(string? mustHave = null, int depth = 0)
    {
        var fields = new List<string>();
        var count = Random.Next(0, 7);
        if (mustHave is not null) fields.Add($"\"{mustHave}\":{JsonValue(depth + 1)}");
        for (var i = 0; i < count; i++) fields.Add($"\"{Pick(FieldNames)}\":{JsonValue(depth + 1)}");
        return "{" + string.Join(",", fields) + "}";
    }

    /// <summary>Shapes that are almost JSON, or not: truncated, comments, trailing commas, BOMs.</summary>
    public string BrokenJson() => Random.Next(8) switch
    {
        0 => "{",
        1 => "{\"name\": \"a\",}",
        2 => "\uFEFF{\"name\":\"a\"}",
        3 => "{\"name\": 'single'}",
        4 => "/* c */ {\"a\":1}",
        5 => JsonObject()[..^1],
        6 => "{\"a\":\"\\ud800\"}",
        _ => String(),
    };

    public static string PercentEncode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var encoded = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                encoded.Append((char)b);
            else encoded.Append('%').Append(b.ToString("X2"));
        }
        return encoded.ToString();
    }
}
