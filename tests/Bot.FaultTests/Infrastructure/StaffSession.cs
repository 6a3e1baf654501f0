using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace CoProduction.Bot.FaultTests.Infrastructure;

/// <summary>
/// A member of staff signed in to one node with a password, reading pages as a browser would. The
/// sign-in cookie is marked Secure, which HttpClient's own cookie jar keeps off plain http, so this
/// keeps cookies itself.
/// </summary>
public sealed partial class StaffSession : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly HttpClient _http;

    private StaffSession(Node node) =>
        _http = new HttpClient(new CookieJar(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }))
        {
            BaseAddress = node.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static async Task<StaffSession> SignInAsync(Node node)
    {
        var email = $"staff-{Guid.NewGuid():N}@example.org";
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/accounts") { Content = JsonContent.Create(new { email, name = "Sam Staff", role = "staff", password = Password }) })
        {
            create.Headers.Add("X-Api-Key", Cluster.StaffKey);
            using var created = await node.Http.SendAsync(create);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        var session = new StaffSession(node);
        var page = await session._http.GetStringAsync("/staff/signin");
        var token = TokenField().Match(page).Groups[1].Value;
        using var signedIn = await session._http.PostAsync("/staff/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["password"] = Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"Signing in answered {(int)signedIn.StatusCode}");
        return session;
    }

    /// <summary>The page's text as a person reads it: tags and scripts gone, spaces collapsed.</summary>
    public async Task<string> ReadAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
        var text = Tags().Replace(Scripts().Replace(html, " "), " ");
        return Spaces().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    public void Dispose() => _http.Dispose();

    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    var pair = cookie.Split(';', 2)[0].Split('=', 2);
                    if (pair.Length == 2) _cookies[pair[0].Trim()] = pair[1].Trim();
                }
            }
            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("<script[^>]*>.*?</script>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
