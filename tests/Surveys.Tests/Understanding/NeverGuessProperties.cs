using System.Globalization;
using System.Text;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Understanding;
using CsCheck;

namespace CoProduction.Surveys.Tests.Understanding;

/// <summary>
/// The rule every reader keeps, checked on generated replies: a stored value always appears in
/// the reply in some written form (digits of any script, words, ordinals, a date's day and month),
/// and a reply naming two different values is never stored or offered as a guess. Each generator
/// knows what it put in the reply, so it is the oracle; the readers never see it.
/// </summary>
public class NeverGuessProperties
{
    // ASCII, Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Gurmukhi, Gujarati, Tamil, full-width.
    private static readonly int[] DigitZeros = [0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xBE6, 0xFF10];

    // Words that say no number and no date, so the only values in a reply are the ones put there.
    private static readonly string[] Filler = ["i", "think", "about", "maybe", "lol", "x", "please", "she", "came", "it", "was", "ok", "hmm", "roughly", "or", "well", "then"];

    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly DateOnly Today = SampleQuestions.Today;

    private static string InScript(string ascii, int zero) =>
        string.Concat(ascii.Select(c => char.IsAsciiDigit(c) ? char.ConvertFromUtf32(zero + (c - '0')) : c.ToString()));

    private static string InWords(int n) => n < 20 ? Ones[n] : Tens[n / 10] + (n % 10 == 0 ? "" : " " + Ones[n % 10]);

    /// <summary>One number written as a person might: digits of any script, with a unit, grouped by a comma, or in words.</summary>
    private static string Written(int value, int form, int script) => form switch
    {
        0 => InScript(value.ToString(CultureInfo.InvariantCulture), DigitZeros[script]),
        1 => InScript(value.ToString(CultureInfo.InvariantCulture), DigitZeros[script]) + " times",
        2 => InScript(value.ToString("#,0", CultureInfo.InvariantCulture), DigitZeros[script]),
        _ when value < 100 => InWords(value),
        _ => value.ToString(CultureInfo.InvariantCulture) + "kg",
    };

    private static string Join(IEnumerable<string> parts, string[] fillers)
    {
        var sb = new StringBuilder();
        var i = 0;
        foreach (var part in parts)
        {
            // Two numbers side by side can be one ("twenty one"): a filler word always stands between.
            if (sb.Length > 0) sb.Append(' ').Append(fillers[i++ % fillers.Length]).Append(' ');
            sb.Append(part);
        }
        return sb.ToString();
    }

    private static readonly Question Count = new()
    {
        Id = "count", Type = QuestionType.Number, Wording = Wording.Plain("How many?"), Min = 0, Max = 10_000,
    };

    [Fact]
    public void Read_StoresANumber_OnlyWhenItIsTheOneNumberInTheReply()
    {
        Gen.Select(Gen.Int[0, 5000].Array[1, 3], Gen.Int[0, 4].Array[3], Gen.Int[0, DigitZeros.Length - 1].Array[3], Gen.OneOf(Filler).Array[1, 3])
            .Select(t => (Values: t.Item1, Reply: Join(t.Item1.Select((v, i) => Written(v, t.Item2[i], t.Item3[i])), t.Item4)))
            .Sample(t =>
            {
                var result = AnswerReader.Read(Count, t.Reply, "en", Today);
                var distinct = t.Values.Distinct().ToArray();
                if (result is AnswerResult.Understood u)
                    Assert.True(distinct.Contains(int.Parse(u.Value, CultureInfo.InvariantCulture)), $"'{t.Reply}' stored {u.Value}, which it does not contain");
                if (distinct.Length > 1)
                    Assert.True(result is AnswerResult.Unclear, $"'{t.Reply}' names {string.Join(" and ", distinct)} but was read as {result}");
                else
                    Assert.Equal(new AnswerResult.Understood(distinct[0].ToString(CultureInfo.InvariantCulture), distinct[0].ToString(CultureInfo.InvariantCulture)), result);
            }, iter: 2000, print: t => t.Reply);
    }

    private static readonly Question Decimal = new()
    {
        Id = "amount", Type = QuestionType.Number, Wording = Wording.Plain("How much?"), Min = 0, Max = 1_000_000, Decimals = 2,
    };

    [Fact]
    public void Read_NeverStoresANumber_WhoseDigitsAreNotInTheReply()
    {
        // Digits of several scripts, separators, consonants (no number words can form), spaces and symbols.
        const string pool = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹০১২৩৪৫৬৭৮৯०१२३४५६७८९,.,.٫٬ -/:   bcdfgklmnprstvz£%★";
        Gen.String[Gen.Char[pool], 0, 40].Sample(reply =>
        {
            var result = AnswerReader.Read(Decimal, reply, "en", Today);
            var value = result switch
            {
                AnswerResult.Understood u => u.Value,
                AnswerResult.Confirm c => c.Value,
                _ => null,
            };
            if (value is null) return;
            var digits = new string(reply.Select(c => CharUnicodeInfo.GetDecimalDigitValue(c) is var d and >= 0 ? (char)('0' + d) : c)
                .Where(char.IsAsciiDigit).ToArray());
            Assert.Contains(value.Replace(".", "", StringComparison.Ordinal), digits, StringComparison.Ordinal);
        }, iter: 3000, print: r => r);
    }

    /// <summary>A date written day first with any separator; the year, when written, as 2 or 4 digits.</summary>
    private static string WrittenDate(int day, int month, int yearForm, int separator, int script)
    {
        var sep = new[] { "/", "-", ".", "\\", " " }[separator];
        var text = yearForm switch
        {
            0 => $"{day}{(separator == 3 ? "\\" : "/")}{month}", // without a year only / and \ are dates
            1 => $"{day}{sep}{month}{sep}27",
            _ => $"{day}{sep}{month}{sep}2025",
        };
        return InScript(text, DigitZeros[script]);
    }

    [Fact]
    public void Read_StoresADate_OnlyWhenItsDayAndMonthAreInTheReply_AndNeverGuessesBetweenTwo()
    {
        var when = SampleQuestions.Get("when");
        var date = Gen.Select(Gen.Int[1, 31], Gen.Int[1, 12], Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, DigitZeros.Length - 1]);
        Gen.Select(date.Array[1, 2], Gen.OneOf(Filler).Array[1, 2])
            .Select(t => (Dates: t.Item1, Reply: Join(t.Item1.Select(d => WrittenDate(d.Item1, d.Item2, d.Item3, d.Item4, d.Item5)), t.Item2)))
            .Sample(t =>
            {
                var result = AnswerReader.Read(when, t.Reply, "en", Today);
                var value = result switch
                {
                    AnswerResult.Understood u => u.Value,
                    AnswerResult.Confirm c => c.Value,
                    _ => null,
                };
                var pairs = t.Dates.Select(d => (Day: d.Item1, Month: d.Item2)).Distinct().ToArray();
                if (value is null) return;
                var stored = DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                // The stored day and month are the ones written, in either order, and the year the one written.
                Assert.Contains(t.Dates, d =>
                    ((stored.Day, stored.Month) == (d.Item1, d.Item2) || (stored.Day, stored.Month) == (d.Item2, d.Item1)) &&
                    d.Item3 switch { 0 => stored >= Today && stored < Today.AddYears(9), 1 => stored.Year == 2027, _ => stored.Year == 2025 });
                Assert.True(pairs.Length == 1, $"'{t.Reply}' names two dates but was read as {result}");
                var (day, month) = pairs[0];
                // Day and month that could swap are asked about, never stored straight away.
                if (day != month && day <= 12 && result is AnswerResult.Understood)
                    Assert.Fail($"'{t.Reply}' could be {day}/{month} or {month}/{day} but was stored as {value}");
            }, iter: 2000, print: t => t.Reply);
    }

    private static readonly string[] OptionWords = ["friends", "job", "health", "housing"];
    private static readonly string[] OptionIds = ["friends", "work", "health", "home"];
    private static readonly string[] OrdinalWords = ["first", "second", "third", "fourth", "fifth", "sixth"];

    [Fact]
    public void Read_StoresAChoice_OnlyWhenTheReplyNamesOneOption()
    {
        var matters = SampleQuestions.Get("matters");
        // A reference to option 1..6 (5 and 6 do not exist): its number in any script, its ordinal, or its words.
        var reference = Gen.Select(Gen.Int[1, 6], Gen.Int[0, 3], Gen.Int[0, DigitZeros.Length - 1]).Select(t => (
            Option: t.Item1,
            Text: t.Item2 switch
            {
                0 => InScript(t.Item1.ToString(CultureInfo.InvariantCulture), DigitZeros[t.Item3]),
                1 => OrdinalWords[t.Item1 - 1],
                2 => "option " + InScript(t.Item1.ToString(CultureInfo.InvariantCulture), DigitZeros[t.Item3]),
                _ => t.Item1 <= 4 ? OptionWords[t.Item1 - 1] : InScript(t.Item1.ToString(CultureInfo.InvariantCulture), DigitZeros[t.Item3]),
            }));
        Gen.Select(reference.Array[1, 2], Gen.OneOf("or", "and", "maybe", "then").Array[1])
            .Select(t => (Options: t.Item1.Select(r => r.Option).Distinct().ToArray(), Reply: Join(t.Item1.Select(r => r.Text), t.Item2)))
            .Sample(t =>
            {
                var result = AnswerReader.Read(matters, t.Reply, "en", Today);
                if (result is AnswerResult.Understood u)
                {
                    Assert.True(t.Options.Length == 1, $"'{t.Reply}' names two options but stored {u.Value}");
                    Assert.Equal(OptionIds[t.Options[0] - 1], u.Value);
                }
                else if (t.Options is [var only and <= 4])
                {
                    Assert.Fail($"'{t.Reply}' names option {only} alone but was read as {result}");
                }
            }, iter: 1000, print: t => t.Reply);
    }

    private static readonly string[] YesWords = ["yes", "tak", "haan", "ji", "ہاں", "हाँ", "ਹਾਂ", "হ্যাঁ", "نعم", "naam", "ie", "da", "sim", "evet"];
    private static readonly string[] NoWords = ["nope", "nie", "nahin", "نہیں", "नहीं", "ਨਹੀਂ", "না", "لا", "la", "na", "nu", "nao", "hayir"];

    [Fact]
    public void Read_StoresYesOrNo_OnlyWhenEveryWordSaysTheSame()
    {
        var safe = SampleQuestions.Get("safe");
        var word = Gen.Select(Gen.Bool, Gen.Int[0, YesWords.Length - 1], Gen.Int[0, NoWords.Length - 1])
            .Select(t => (Yes: t.Item1, Text: t.Item1 ? YesWords[t.Item2] : NoWords[t.Item3]));
        Gen.Select(word.Array[1, 3], Gen.OneOf("well", "x", "lol", "so").Array[1])
            .Select(t => (Meanings: t.Item1.Select(w => w.Yes).Distinct().ToArray(), Reply: Join(t.Item1.Select(w => w.Text), t.Item2)))
            .Sample(t =>
            {
                var result = AnswerReader.Read(safe, t.Reply, "en", Today);
                if (t.Meanings.Length > 1)
                    Assert.True(result is AnswerResult.Unclear, $"'{t.Reply}' says yes and no but was read as {result}");
                else
                    Assert.Equal(t.Meanings[0] ? "yes" : "no", Assert.IsType<AnswerResult.Understood>(result).Value);
            }, iter: 1000, print: t => t.Reply);
    }
}
