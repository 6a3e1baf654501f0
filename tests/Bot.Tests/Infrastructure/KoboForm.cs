using MiniExcelLibs;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// An XLSForm as KoboToolbox's form builder exports it: its own metadata rows (start, end), its
/// $kuid and $autoname columns, "English (en)" label columns, true/false in required, notes
/// with its own names, a form_id with underscores, and none of our extra columns (no keyword,
/// no intro or outro rows).
/// </summary>
public static class KoboForm
{
    public static Dictionary<string, object> Row(string type, string name, string label, string required = "false", string constraint = "", string relevant = "") => new()
    {
        ["type"] = type, ["name"] = name, ["label::English (en)"] = label, ["hint::English (en)"] = "",
        ["required"] = required, ["relevant"] = relevant, ["constraint"] = constraint,
        ["constraint_message::English (en)"] = constraint.Length > 0 ? "Please enter a number from 0 to 31" : "",
        ["appearance"] = "", ["$kuid"] = Guid.NewGuid().ToString("N")[..8], ["$autoname"] = name,
    };

    public static Dictionary<string, object> Choice(string list, string name, string label) => new()
    {
        ["list_name"] = list, ["name"] = name, ["label::English (en)"] = label, ["$kuid"] = Guid.NewGuid().ToString("N")[..8], ["$autovalue"] = name,
    };

    public static readonly Dictionary<string, object>[] HomeLifeSurvey =
    [
        Row("start", "start", ""),
        Row("end", "end", ""),
        Row("note", "welcome", "Hello from Rose Court. We would like to hear how life at home is going."),
        Row("select_one yesno", "feel_safe", "Do you feel safe where you live?", required: "true"),
        Row("integer", "family_visits", "How many times did family or friends visit last month?", required: "true", constraint: ". >= 0 and . <= 31"),
        Row("select_one activities", "favourite_activity", "Which activity do you enjoy most?", required: "true"),
        Row("text", "one_change", "What one thing would make home better?", relevant: "${feel_safe} = 'no'"),
        Row("note", "thanks", "Thank you for your time."),
    ];

    public static readonly Dictionary<string, object>[] HomeLifeChoices =
    [
        Choice("yesno", "yes", "Yes"), Choice("yesno", "no", "No"),
        Choice("activities", "gardening", "Gardening"), Choice("activities", "music", "Music"), Choice("activities", "outings", "Trips out"),
    ];

    public static byte[] Workbook(IEnumerable<Dictionary<string, object>> survey, IEnumerable<Dictionary<string, object>>? choices = null, string formId = "home_life_2026")
    {
        var sheets = new Dictionary<string, object>
        {
            ["survey"] = survey.ToList(),
            ["choices"] = (choices ?? HomeLifeChoices).ToList(),
            ["settings"] = new List<Dictionary<string, object>>
            {
                new() { ["form_title"] = "Home life 2026", ["form_id"] = formId, ["version"] = "vQk2y8Lw3Dd", ["default_language"] = "English (en)", ["style"] = "" },
            },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();
    }
}
