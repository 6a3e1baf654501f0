namespace CoProduction.Surveys.Understanding;

/// <summary>
/// Reads yes or no from everyday replies in English and Welsh ("yes pls", "yep", "nah",
/// "ydw", "nac ydw", 👍) and in the languages many people we support also use, typed in
/// their own script or in Latin letters: Polish (tak, nie), Urdu, Hindi and Punjabi (haan, ji,
/// nahin; ہاں, نہیں; हाँ, नहीं; ਹਾਂ, ਨਹੀਂ), Bengali (হ্যাঁ, না), Arabic (na'am, la; نعم, لا),
/// Farsi, Somali, Romanian, Lithuanian, Portuguese, Spanish, Turkish, Tamil, Gujarati, Chinese.
/// A word that is yes in one language and no in another (Greek "nai") is neither. Phrases are matched longest first, so "of course not" is a no and
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
            "da", "da iawn",
            // Polish
            "tak", "tak tak", "no tak", "oczywiscie", "jasne", "pewnie", "zgadza sie", "dobrze",
            // Urdu, Hindi, Punjabi in Latin letters ("ji" is the polite yes)
            "haan", "han", "haa", "haanji", "hanji", "haan ji", "han ji", "ji", "jee", "ji haan", "ji han", "jee haan",
            "bilkul", "theek hai", "thik hai", "theek", "zaroor", "zarur",
            // Hindi (Devanagari), Urdu and Shahmukhi Punjabi (Arabic script), Punjabi (Gurmukhi)
            "हाँ", "हां", "हा", "जी", "जी हाँ", "जी हां", "हाँ जी", "बिलकुल", "बिल्कुल", "ठीक है",
            "ہاں", "ہا", "جی", "جی ہاں", "بالکل", "ٹھیک ہے", "ਹਾਂ", "ਹਾਂਜੀ", "ਹਾਂ ਜੀ", "ਜੀ", "ਜੀ ਹਾਂ", "ਠੀਕ ਹੈ",
            // Bengali and Sylheti
            "hya", "hyan", "hae", "হ্যাঁ", "হাঁ", "হ্যা", "জি", "জী", "ঠিক আছে",
            // Arabic
            "naam", "naem", "aywa", "aiwa", "ajal", "نعم", "اجل", "أجل", "ايوه", "ايوا", "ايه", "بلى",
            // Farsi, Somali, Romanian, Lithuanian, Portuguese, Spanish/Italian, Turkish, Tamil, Gujarati, German/Dutch, French, Chinese
            "baleh", "bale", "areh", "بله", "بلی", "آره", "taip", "sim", "si", "evet", "aam", "ஆம்", "હા",
            "ja", "oui", "是", "是的", "对", "對", "好",
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
            "nie", "nie dziekuje", "oczywiscie ze nie", "absolutnie nie", "nigdy", "wcale",
            "nahin", "nahi", "nahee", "nhi", "nahin ji", "ji nahin", "ji nahi", "bilkul nahi", "bilkul nahin", "kabhi nahi",
            "नहीं", "नही", "ना", "जी नहीं", "बिलकुल नहीं", "نہیں", "نا", "جی نہیں", "بالکل نہیں", "ਨਹੀਂ", "ਨਾ", "ਜੀ ਨਹੀਂ",
            "naa", "না", "নাহ", "la", "laa", "لا", "كلا", "لأ", "nakheir", "نه", "نخیر", "maya", "nu", "ne", "nao",
            "hayir", "hayır", "illai", "இல்லை", "ના", "nein", "non", "不", "不是", "没有", "沒有",
        ]),
        (Meaning.Unsure,
        [
            "maybe", "mayb", "perhaps", "possibly", "probably", "idk", "dunno", "dont know", "i dont know",
            "do not know", "not sure", "unsure", "im not sure", "no idea", "sometimes", "some times", "kind of",
            "kinda", "sort of", "sorta", "not always", "it depends", "depends", "mostly", "a bit", "a little",
            "half", "yes and no", "hmm", "hmmm", "meh", "not sure yes", "50 50", "neither", "either",
            "efallai", "falle", "weithiau", "dim yn siwr", "ddim yn siwr", "dwn i ddim", "sai n gwybod",
            "dim syniad",
            "nie wiem", "moze", "chyba", "nie jestem pewien", "nie jestem pewna", "nie jestem pewny", "trudno powiedziec",
            "pata nahi", "pata nahin", "patta nahi", "maloom nahi", "malum nahi", "shayad", "ho sakta hai", "kabhi kabhi",
            "पता नहीं", "शायद", "मालूम नहीं", "پتہ نہیں", "پتا نہیں", "شاید", "معلوم نہیں", "ਪਤਾ ਨਹੀਂ", "ਸ਼ਾਇਦ",
            "jani na", "janina", "hoyto", "জানি না", "হয়তো", "la adri", "mish aarif", "rubama", "لا اعرف", "لا أعرف",
            "لا ادري", "لا أدري", "مش عارف", "ربما", "يمكن", "nu stiu", "nezinau", "nao sei", "no se", "bilmiyorum",
            "je ne sais pas", "不知道", "也许",
            // Greek "nai" is yes, Hindi "nai" is no.
            "nai",
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
        var matches = PhraseMatcher.FindAll(tokens, table);
        // "it isnt ok", "not yes": a word that turns the answer round, unless it is itself part of
        // an answer ("no, i dont think so").
        if (matches.Any(m => m.Negated && !matches.Any(o => o.Start <= m.Start - 1 && m.Start - 1 < o.End))) return unclear;
        var meanings = matches.Select(m => m.Key).Distinct().ToList();
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
        groups.SelectMany(g => g.Phrases.Select(p => (g.Meaning, ReplyText.Tokens(p)))).Where(e => e.Item2.Length > 0).ToArray();
}
