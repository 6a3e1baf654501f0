using System.Globalization;
using System.Text.RegularExpressions;
using CoProduction.Surveys.Rendering;

namespace CoProduction.Surveys.Review;

/// <summary>
/// Plain-English checks on one wording. Pure: the lists and thresholds come in, advice comes out.
/// </summary>
public sealed partial class WordingChecker(WordLists lists, ReviewThresholds? thresholds = null)
{
    private readonly ReviewThresholds _t = thresholds ?? new ReviewThresholds();

    public ReviewThresholds Thresholds => _t;

    /// <summary>Checks <paramref name="text"/> as it will be read or heard on <paramref name="kind"/>.</summary>
    /// <param name="wording">The words alone (without reply hints), for the readability checks; defaults to <paramref name="text"/>.</param>
    public WordingReport Check(string text, WordingKind kind, string language, string? wording = null)
    {
        wording ??= text;
        var stats = TextStatistics.Measure(wording);
        var findings = new List<WordingFinding>();
        // The Flesch formulas and syllable rules are for English; for other languages only the
        // lists, lengths and channel checks apply.
        var english = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);

        if (english && stats.Words >= 3)
        {
            if (stats.ReadingEase < _t.MinReadingEase)
                findings.Add(new("reading-ease",
                    $"Reading ease is {Round(stats.ReadingEase)}, below {_t.MinReadingEase:0}: shorter sentences and shorter words make it easier."));
            if (stats.Grade > _t.MaxGrade)
                findings.Add(new("grade",
                    $"Reading grade is {Round(stats.Grade)}, above {_t.MaxGrade:0}: many people will find it hard to read."));
        }

        var maxWords = kind == WordingKind.EasyRead ? _t.MaxEasyReadSentenceWords : _t.MaxSentenceWords;
        foreach (var sentence in stats.Sentences.Where(s => s.Count > maxWords))
        {
            findings.Add(new(kind == WordingKind.EasyRead ? "easy-read-sentence" : "long-sentence",
                $"A sentence has {sentence.Count} words (\"{Preview(sentence)}\"): try to keep sentences under {maxWords + 1} words."));
        }

        if (english)
        {
            var longWords = stats.Sentences.SelectMany(s => s)
                .Where(w => Syllables.Count(w) >= _t.LongWordSyllables || w.Length >= _t.LongWordLetters)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (longWords.Count > 0)
                findings.Add(new("long-word", $"Long words: {string.Join(", ", longWords)}. Is there a shorter word?"));
        }

        findings.AddRange(Listed(wording, lists.Jargon, "jargon",
            p => $"\"{p.Phrase}\" is jargon: people who use services rarely say it."));
        findings.AddRange(Listed(wording, lists.Stigmatising, "stigmatising",
            p => $"\"{p.Phrase}\" can feel stigmatising."));

        switch (kind)
        {
            case WordingKind.Sms:
                return SmsReport(text, language, stats, findings);
            case WordingKind.Voice:
                return VoiceReport(text, language, stats, findings);
            case WordingKind.EasyRead:
                EasyRead(stats, findings, english);
                break;
        }
        return new WordingReport(kind, language, text, Round(stats.ReadingEase), Round(stats.Grade), stats.Words, stats.Sentences.Count, findings);
    }

    private WordingReport SmsReport(string text, string language, TextStatistics stats, List<WordingFinding> findings)
    {
        var encoding = SmsSegments.Encoding(text);
        var segments = SmsSegments.Count(text);
        if (encoding == "UCS-2")
        {
            var odd = text.Where(c => !SmsSegments.IsGsm7(c.ToString())).Distinct().Select(c => $"'{c}'");
            findings.Add(new("sms-encoding",
                $"The message is sent as UCS-2 (70 characters a part instead of 160) because of {string.Join(", ", odd)}.",
                language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "Use plain letters and punctuation." : null));
        }
        if (segments > _t.MaxSmsSegments)
        {
            findings.Add(new("sms-segments",
                $"The text message is {SmsSegments.Units(text)} characters, so it arrives as {segments} parts; some basic phones show them out of order."));
        }
        return new WordingReport(WordingKind.Sms, language, text, Round(stats.ReadingEase), Round(stats.Grade), stats.Words, stats.Sentences.Count, findings)
        {
            SmsEncoding = encoding,
            SmsSegments = segments,
            SmsCharacters = SmsSegments.Units(text),
        };
    }

    private WordingReport VoiceReport(string text, string language, TextStatistics stats, List<WordingFinding> findings)
    {
        var spokenWords = TextStatistics.Measure(text).Words;
        var seconds = Math.Round(spokenWords * 60.0 / _t.VoiceWordsPerMinute, 1);
        if (seconds > _t.MaxVoiceSeconds)
            findings.Add(new("voice-length",
                $"It takes about {seconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds to hear: people may forget the start by the end."));

        var links = Link().Matches(text).Select(m => m.Value).ToList();
        if (links.Count > 0)
            findings.Add(new("read-aloud", $"A link is hard to hear and remember: {string.Join(", ", links)}.", "Say where to find it in words, or send it by text."));
        var symbols = Symbol().Matches(Link().Replace(text, " ")).Select(m => m.Value).Distinct().ToList();
        if (symbols.Count > 0)
            findings.Add(new("read-aloud", $"Symbols may be read out oddly or not at all: {string.Join(" ", symbols)}.", "Write them as words (\"and\", \"percent\")."));
        var abbreviations = Abbreviation().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (abbreviations.Count > 0)
            findings.Add(new("read-aloud", $"Abbreviations may be read out letter by letter or wrongly: {string.Join(", ", abbreviations)}.", "Write the words in full."));
        var capitals = Capitals().Matches(text).Select(m => m.Value).Distinct().ToList();
        if (capitals.Count > 0)
            findings.Add(new("read-aloud", $"Words in capitals may be spelled out letter by letter: {string.Join(", ", capitals)}.", "Write them in lower case, or say what to press."));

        return new WordingReport(WordingKind.Voice, language, text, Round(stats.ReadingEase), Round(stats.Grade), stats.Words, stats.Sentences.Count, findings)
        {
            VoiceSeconds = seconds,
        };
    }

    private void EasyRead(TextStatistics stats, List<WordingFinding> findings, bool english)
    {
        foreach (var sentence in stats.Sentences)
        {
            var joins = sentence.Count(w => Joiners.Contains(w));
            if (joins > 0 && sentence.Count > 6)
                findings.Add(new("easy-read-sentence",
                    $"\"{Preview(sentence)}\" may hold more than one idea (it joins with \"{sentence.First(w => Joiners.Contains(w))}\"): easy read has one idea per sentence."));
        }
        if (!english) return;
        var longWords = stats.Sentences.SelectMany(s => s)
            .Where(w => !w.Any(char.IsDigit) && Syllables.Count(w) > _t.EasyReadMaxSyllables)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (longWords.Count > 0)
            findings.Add(new("easy-read-word", $"Easy read uses short words; these are longer: {string.Join(", ", longWords)}."));
    }

    private static readonly HashSet<string> Joiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "but", "because", "if", "which", "so", "although", "unless", "while", "when",
    };

    private static IEnumerable<WordingFinding> Listed(string text, IReadOnlyList<ListedPhrase> phrases, string check, Func<ListedPhrase, string> message)
    {
        foreach (var phrase in phrases)
        {
            if (string.IsNullOrWhiteSpace(phrase.Phrase)) continue;
            var pattern = $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(phrase.Phrase.Trim()).Replace(@"\ ", @"\s+")}(?![\p{{L}}\p{{N}}])";
            if (Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                yield return new WordingFinding(check, message(phrase), phrase.Instead is null ? null : $"Try \"{phrase.Instead}\".");
        }
    }

    private static string Preview(IReadOnlyList<string> sentence) =>
        sentence.Count <= 8 ? string.Join(' ', sentence) : string.Join(' ', sentence.Take(8)) + " ...";

    private static double Round(double value) => Math.Round(value, 1);

    [GeneratedRegex(@"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|uk|net|gov|nhs|info)(?:/\S*)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"[&%/@#+=*<>|~^_{}\[\]\\€$£]")]
    private static partial Regex Symbol();

    [GeneratedRegex(@"\b(?:e\.g\.|i\.e\.|etc\.?|approx\.?|dr\.?|st\.|mr\.?|mrs\.?|appt\.?|asap|pls|thx|tel\.|mins|hrs|wk)(?=\s|$|[,;:!?])", RegexOptions.IgnoreCase)]
    private static partial Regex Abbreviation();

    /// <summary>Two or more capitals in a row, not a Roman numeral "I".</summary>
    [GeneratedRegex(@"\b[A-Z]{2,}\b")]
    private static partial Regex Capitals();
}
