using System.Text.RegularExpressions;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Recognises the words that work at any point: STOP family, START, HELP, REPEAT/AGAIN, SKIP.
/// Only the WHOLE reply counts ("STOP", "stop texting me", "please stop!"): a keyword inside an
/// answer ("I can't stop smiling", "end of the day") is an answer. The lists are generous
/// with everyday ways to say stop, because missing a real opt-out is the worst mistake here.
/// </summary>
public static partial class CommandReader
{
    private static readonly Dictionary<string, Command> Exact = Build(
        (Command.Stop,
        [
            "stop", "stopall", "stop all", "unsubscribe", "end", "quit", "revoke", "optout", "opt out", "cancel",
            "stop it", "stop now", "stop this", "stop stop", "stop messages", "stop messaging", "stop texts",
            "stop texting", "stop calling", "stop the messages", "stop the texts", "stop the calls",
            "stop sending", "stop sending messages", "stop contacting me", "unsubscribe me", "opt me out",
            "leave me alone", "go away", "remove me", "take me off", "take me off the list", "take me off your list",
            "remove me from the list", "remove me from your list", "no more messages", "no more texts",
            "no more calls", "dont text me", "do not text me", "dont message me", "do not message me",
            "dont call me", "do not call me", "dont contact me", "do not contact me", "dont text me again",
            "dont call me again", "dont message me again", "never text me again", "never call me again",
            "stopio", "stopiwch", "dad danysgrifio", "datdanysgrifio", "gadewch lonydd i mi", "peidiwch",
            "peidiwch a anfon negeseuon", "dim mwy o negeseuon",
        ]),
        (Command.Start, ["start", "unstop", "start again please", "resubscribe", "subscribe"]),
        (Command.Help,
        [
            "help", "info", "help me", "help please", "i need help", "need help", "information", "cymorth", "help plis",
            "helpu", "helpwch fi",
        ]),
        (Command.Repeat,
        [
            "repeat", "again", "say again", "say it again", "say that again", "repeat that", "repeat please",
            "repeat the question", "again please", "what", "pardon", "pardon me", "sorry what", "come again",
            "what was the question", "whats the question", "huh", "eh", "eto", "unwaith eto", "ailadrodd",
            "beth", "sori beth", "pardwn",
        ]),
        (Command.Skip,
        [
            "skip", "pass", "skip it", "skip this", "skip this one", "skip question", "skip this question",
            "next question", "next", "pass please", "skip please", "id rather not say", "rather not say",
            "prefer not to say", "hepgor", "nesaf", "cwestiwn nesaf", "pasio",
        ]));

    // "stop texting me", "please stop calling me now", "stop sending me messages thanks".
    private static readonly Regex StopSentence = StopPattern();

    public static Command Recognize(string reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return Command.None;
        var trimmed = reply.Trim();
        // "?" alone is a question about the service; every other mark is stripped below.
        if (trimmed.All(c => c == '?')) return Command.Help;

        var words = ReplyText.Words(trimmed);
        words = Politeness().Replace(words, "").Trim();
        if (words.Length == 0) return Command.None;

        if (Exact.TryGetValue(words, out var command)) return command;
        return StopSentence.IsMatch(words) || StopWish().IsMatch(words) ? Command.Stop : Command.None;
    }

    /// <summary>The opt-out keyword as recorded ("STOP", "UNSUBSCRIBE", ...), for the opt-out record.</summary>
    public static string Normalize(string reply) => reply.Trim().ToUpperInvariant();

    private static Dictionary<string, Command> Build(params (Command Command, string[] Phrases)[] groups)
    {
        var map = new Dictionary<string, Command>(StringComparer.Ordinal);
        foreach (var (cmd, phrases) in groups)
            foreach (var phrase in phrases) map.Add(phrase, cmd);
        return map;
    }

    // Courtesy around a command: "please stop", "STOP thanks", "stop pls x". Only at the edges.
    [GeneratedRegex(@"^(?:(?:please|pls|plz|plis|ok|okay|just|oh|now|can you|could you|will you)\s+)+|(?:\s+(?:please|pls|plz|plis|thanks|thank you|thx|ta|now|x+|then|mate|diolch|os gwelwch yn dda))+$")]
    private static partial Regex Politeness();

    // "i want to stop", "how do i unsubscribe", "i would like to opt out of these texts". The
    // object, when there is one, must be the messages themselves: "i want to stop smoking" is an answer.
    [GeneratedRegex(@"^(?:i want to|i wanna|i would like to|id like to|i wish to|let me|can i|how do i|how can i|how to|i need to)\s+(?:stop|unsubscribe|opt out|optout|quit|cancel)(?:\s+(?:of\s+)?(?:this|these|it|them|all|the|your|all the|all these)?\s*(?:messages|texts|calls|survey|surveys|questions)?)?(?:\s+(?:now|please|thanks))?$")]
    private static partial Regex StopWish();

    [GeneratedRegex(@"^(?:stop|quit|cease|end)\s+(?:(?:texting|messaging|calling|contacting|phoning|ringing|sending|bothering|emailing)\s*(?:me|us|him|her|them|this number)?|sending\s+(?:me\s+)?(?:any\s+)?(?:more\s+)?(?:messages|texts|calls|surveys)|(?:all|any|the|these|this|your)\s+(?:more\s+)?(?:messages|texts|calls|surveys|survey|questions))(?:\s+(?:again|anymore|any more|please|now|thanks|thank you))*$")]
    private static partial Regex StopPattern();
}
