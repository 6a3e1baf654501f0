namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads yes or no from everyday replies in English and Welsh ("yes pls", "yep", "nah",
/// "ydw", "nac ydw", 👍). Phrases are matched longest first, so "of course not" is a no and
/// "i dont know" is not the no in "i dont". A reply holding both a yes and a no, or a word of
/// doubt ("maybe", "not sure"), stays unclear: the person is asked again rather than guessed for.
/// </summary>
internal static class YesNoReader
{
    private enum Meaning { Yes, No, Unsure }

    private static readonly (Meaning Meaning, string[] Phrase)[] Table = Build(
        (Meaning.Yes,
        [
            "yes", "yess", "yesss", "yes please", "yeah", "yeh", "yea", "yeas", "yah", "ya", "yas", "yh", "yep", "yup",
            "y", "ok", "okay", "okey", "okie", "k", "sure", "of course", "ofc", "definitely", "defo", "deffo",
            "absolutely", "certainly", "indeed", "totally", "i do", "i am", "i have", "i would", "i will", "correct",
            "right", "alright", "all right", "thats right", "true", "aye", "affirmative", "yesyes", "thumbsup", "always", "i think so",
            "very much", "for sure", "no problem", "no worries", "no bother", "no probs", "sure am", "too right",
            // Welsh: the answer echoes the verb of the question (ydw, oes, do, ...).
            "ie", "iawn", "ydw", "ydy", "ydyn", "ydych", "yndw", "ydi", "oes", "wrth gwrs", "yn bendant", "cytuno",
        ]),
        (Meaning.No,
        [
            "no", "noo", "nooo", "nope", "nah", "naw", "nay", "n", "no thanks", "no thank you", "not really",
            "never", "no way", "not at all", "i dont", "i do not", "i am not", "im not", "i havent", "i have not",
            "i wouldnt", "i wont", "not me", "not now", "of course not", "definitely not", "absolutely not",
            "certainly not", "not ok", "not okay", "incorrect", "false", "negative", "thumbsdown", "no chance",
            "not a chance", "hardly", "i dont think so", "not right", "no never",
            "na", "naddo", "nac ydw", "nag ydw", "nac ydy", "nag ydy", "nac ydyn", "nac oes", "nag oes", "dim",
            "dim o gwbl", "byth", "ddim",
        ]),
        (Meaning.Unsure,
        [
            "maybe", "mayb", "perhaps", "possibly", "probably", "idk", "dunno", "dont know", "i dont know",
            "do not know", "not sure", "unsure", "im not sure", "no idea", "sometimes", "some times", "kind of",
            "kinda", "sort of", "sorta", "not always", "it depends", "depends", "mostly", "a bit", "a little",
            "half", "yes and no", "hmm", "hmmm", "meh", "not sure yes", "50 50", "neither", "either",
            "efallai", "falle", "weithiau", "dim yn siwr", "ddim yn siwr", "dwn i ddim", "sai n gwybod",
            "dim syniad",
        ]));

    public static AnswerResult Read(string reply, string language)
    {
        var phrases = Phrases.For(language);
        var unclear = new AnswerResult.Unclear(phrases.YesOrNo);

        var tokens = ReplyText.Tokens(reply);
        // Some channels prompt "reply 1 for yes, 2 for no".
        if (tokens is ["1"]) return Yes(phrases);
        if (tokens is ["2"]) return No(phrases);

        // Welsh "do" (yes, to a past-tense question) is also the English verb: "what do you mean"
        // is no yes. Outside Welsh it counts only alone.
        var table = string.Equals(language, "cy", StringComparison.OrdinalIgnoreCase) || tokens is ["do"]
            ? Table.Append((Meaning.Yes, ["do"]))
            : Table;
        var meanings = PhraseMatcher.FindAll(tokens, table).Select(m => m.Key).Distinct().ToList();
        return meanings switch
        {
            [Meaning.Yes] => Yes(phrases),
            [Meaning.No] => No(phrases),
            _ => unclear,
        };
    }

    private static AnswerResult Yes(Phrases phrases) => new AnswerResult.Understood("yes", phrases.Yes);
    private static AnswerResult No(Phrases phrases) => new AnswerResult.Understood("no", phrases.No);

    private static (Meaning, string[])[] Build(params (Meaning Meaning, string[] Phrases)[] groups) =>
        groups.SelectMany(g => g.Phrases.Select(p => (g.Meaning, p.Split(' ')))).ToArray();
}
