using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>A browser-like client signed in as one person, and who that is.</summary>
public sealed record SignedIn(HttpClient Client, string? MemberId, string Phone = "");

/// <summary>
/// Signs people in the way they really do: staff with an account an admin made and their password,
/// board members with the link from the text the invitation sent (read from the outbox).
/// Cookie clients talk https, so the Secure cookie is sent back as a browser would.
/// </summary>
public static partial class SignIns
{
    public const string Password = "correct horse battery staple";
    private static int _nextPhone;

    public static HttpClient Browser(ServiceFactory service) =>
        service.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    /// <summary>A fresh drama-range number (07700 900800 to 900999), so members in one service never share one.</summary>
    public static string NextPhone() => "+447700900" + (800 + Interlocked.Increment(ref _nextPhone) % 200).ToString("D3");

    public static async Task<string> CreateAccountAsync(ServiceFactory service, string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@example.org";
        var created = await service.StaffClient().PostAsJsonAsync("/api/accounts", new { email, name = "Alex " + role, role, password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return email;
    }

    /// <summary>An admin, staff or viewer account, signed in with its password.</summary>
    public static async Task<SignedIn> StaffAsync(ServiceFactory service, string role = "staff")
    {
        var email = await CreateAccountAsync(service, role);
        var client = Browser(service);
        var response = await StaffBrowser.PostFormAsync(client, "/staff/signin", new Dictionary<string, string> { ["email"] = email, ["password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new SignedIn(client, null);
    }

    /// <summary>Staff invite a member with their phone; the member opens the texted link and presses "Sign me in".</summary>
    public static async Task<SignedIn> MemberAsync(ServiceFactory service, string name, string role)
    {
        var phone = NextPhone();
        var invited = await service.StaffClient().PostAsJsonAsync("/api/board", new { name, role, phone });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var id = (await Json.ReadAsync(invited)).GetProperty("id").GetString()!;

        var client = Browser(service);
        var token = await LatestLinkTokenAsync(service, phone);
        var pressed = await StaffBrowser.PostFormAsync(client, $"/signin/link?token={token}", new Dictionary<string, string> { ["token"] = token });
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        await UseAntiforgeryAsync(client);
        return new SignedIn(client, id, phone);
    }

    /// <summary>A signed-in browser's calls to /api carry the anti-forgery token, as the pages' scripts would.</summary>
    public static async Task UseAntiforgeryAsync(HttpClient client)
    {
        var me = await Json.ReadAsync(await client.GetAsync("/api/me"));
        client.DefaultRequestHeaders.Remove("RequestVerificationToken");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", me.GetProperty("antiforgery").GetString());
    }

    public static async Task<string> LatestTextAsync(ServiceFactory service, string phone)
    {
        var outbox = await Json.ReadAsync(await service.StaffClient().GetAsync("/api/outbox"));
        return outbox.EnumerateArray().Last(m => m.GetProperty("to").GetString() == phone).GetProperty("body").GetString()!;
    }

    public static async Task<string> LatestLinkTokenAsync(ServiceFactory service, string phone) =>
        LinkToken().Match(await LatestTextAsync(service, phone)).Groups[1].Value;

    public static async Task<string> LatestCodeAsync(ServiceFactory service, string phone) =>
        Code().Match(await LatestTextAsync(service, phone)).Groups[1].Value;

    [GeneratedRegex(@"/signin/link\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex LinkToken();

    [GeneratedRegex(@"code (\d{6})")]
    private static partial Regex Code();
}
