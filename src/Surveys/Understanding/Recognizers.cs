using Microsoft.Recognizers.Text;
using Microsoft.Recognizers.Text.DateTime;
using Microsoft.Recognizers.Text.Number;

namespace CoProduction.Surveys.Understanding;

/// <summary>
/// The Microsoft.Recognizers.Text models, built once: building them compiles hundreds of regexes
/// (about a second), while parsing with a built model is cheap. The models keep no per-call
/// state (their result cache is a thread-safe MemoryCache), so one instance serves every turn.
/// </summary>
internal static class Recognizers
{
    public static readonly IModel Number = new NumberRecognizer(Culture.English).GetNumberModel();

    public static readonly DateTimeModel DateTime =
        new DateTimeRecognizer(Culture.English, DateTimeOptions.None).GetDateTimeModel();

    static Recognizers()
    {
        // The recognizers swallow their own exceptions and return nothing. When a dependency is
        // missing at run time (Microsoft.Extensions.Caching.Memory, which the direct assembly
        // reference does not bring along) every reply would silently read as unclear. Fail loudly
        // instead: that is a deployment bug, not a person's unclear answer.
        if (Number.Parse("four").Count == 0)
        {
            throw new InvalidOperationException(
                "Microsoft.Recognizers.Text could not read \"four\". Check that its runtime dependencies " +
                "(Microsoft.Extensions.Caching.Memory) are deployed with the app.");
        }
    }

    public static List<ModelResult> ParseNumbers(string text) => Number.Parse(text);

    public static List<ModelResult> ParseDates(string text, DateOnly today) =>
        DateTime.Parse(text, today.ToDateTime(TimeOnly.MinValue));
}
