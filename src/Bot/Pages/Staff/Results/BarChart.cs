using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace CoProduction.Bot.Pages.Staff.Results;

/// <summary>One bar: its label and "count out of total people".</summary>
public sealed record Bar(string Label, int Count, int Total);

/// <summary>
/// A horizontal bar chart drawn on the server as SVG, readable without sight: role="img" with a
/// title and a description that lists every bar in words, "12 out of 30 people" written on each
/// bar, and each bar filled with its own pattern as well as colour, so it survives greyscale
/// printing and colour blindness. The page puts it in a figure whose caption states the main
/// finding, next to a table of the same numbers.
/// </summary>
public static class BarChart
{
    private const int Width = 640;
    private const int BarHeight = 28;
    private const int LabelHeight = 22;
    private const int Gap = 14;

    /// <summary>Patterns in turn: diagonal, dots, cross-hatch, horizontal, vertical, solid.</summary>
    private static readonly string[] Patterns =
    [
        """<path d="M0,8 L8,0" stroke="#fff" stroke-width="2"/>""",
        """<circle cx="4" cy="4" r="1.6" fill="#fff"/>""",
        """<path d="M0,0 L8,8 M8,0 L0,8" stroke="#fff" stroke-width="1.5"/>""",
        """<path d="M0,4 L8,4" stroke="#fff" stroke-width="2"/>""",
        """<path d="M4,0 L4,8" stroke="#fff" stroke-width="2"/>""",
        "",
    ];

    private static readonly string[] Colours = ["#1d4e89", "#7a2e8c", "#005a30", "#8c3b00", "#3d3d3d", "#0b5563"];

    public static IHtmlContent Render(string id, string title, IReadOnlyList<Bar> bars)
    {
        var e = HtmlEncoder.Default;
        var height = bars.Count * (BarHeight + LabelHeight + Gap) + Gap;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {Width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{e.Encode(title)}</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="{id}-desc">{e.Encode(Describe(bars))}</desc>""");
        svg.Append("<defs>");
        for (var i = 0; i < Colours.Length; i++)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<pattern id="{id}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{Colours[i]}"/>{Patterns[i]}</pattern>""");
        }
        svg.Append("</defs>");

        var y = Gap;
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var share = bar.Total == 0 ? 0 : (double)bar.Count / bar.Total;
            var length = Math.Max(bar.Count > 0 ? 2 : 0, share * (Width - 2));
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="0" y="{y + 16}" class="chart-label">{e.Encode(bar.Label)}: {e.Encode(OutOf(bar))}</text>""");
            y += LabelHeight;
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect x="1" y="{y}" width="{Width - 2}" height="{BarHeight}" fill="#f3f2f1" stroke="#0b0c0c"/>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect x="1" y="{y}" width="{length:0.#}" height="{BarHeight}" fill="url(#{id}-p{i % Colours.Length})" stroke="#0b0c0c"/>""");
            y += BarHeight + Gap;
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    public static string OutOf(Bar bar) =>
        string.Create(CultureInfo.InvariantCulture, $"{bar.Count} out of {bar.Total} {(bar.Total == 1 ? "person" : "people")} ({Percent(bar.Count, bar.Total)})");

    public static string Percent(int count, int total) =>
        total == 0 ? "0%" : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100.0 * count / total):0}%");

    /// <summary>Every bar in words, for screen readers: the chart's whole content without the drawing.</summary>
    public static string Describe(IReadOnlyList<Bar> bars) =>
        bars.Count == 0 ? "No answers yet." : string.Join("; ", bars.Select(b => $"{b.Label}: {OutOf(b)}")) + ".";

    /// <summary>The main finding for the caption: the most common answer, or a tie.</summary>
    public static string Finding(IReadOnlyList<Bar> bars)
    {
        if (bars.Count == 0 || bars.All(b => b.Count == 0)) return "Nobody has answered this yet.";
        var top = bars.Max(b => b.Count);
        var leaders = bars.Where(b => b.Count == top).ToList();
        return leaders.Count == 1
            ? $"Most common answer: {leaders[0].Label}, {OutOf(leaders[0])}."
            : $"Joint most common answers: {string.Join(" and ", leaders.Select(b => b.Label))}, {OutOf(leaders[0])} each.";
    }
}
