using System.Text.RegularExpressions;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>Uses the staff pages as a browser would: GET a form, then POST it back with its anti-forgery token.</summary>
internal static partial class StaffBrowser
{
    /// <param name="postTo">Where to post the form, when not back to the page it came from.</param>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? postTo = null)
    {
        var page = await client.GetStringAsync(path);
        var token = TokenField().Match(page);
        Assert.True(token.Success, $"{path} has no anti-forgery token in its form");
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return await client.PostAsync(postTo ?? path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The anti-forgery token of the form on <paramref name="path"/>, for a post a test builds itself (a file upload).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var token = TokenField().Match(await client.GetStringAsync(path));
        Assert.True(token.Success, $"{path} has no anti-forgery token in its form");
        return token.Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
