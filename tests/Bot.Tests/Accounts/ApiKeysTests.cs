using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Accounts;

/// <summary>Named keys per integration: a role each, hashed at rest, last use shown, revocable.</summary>
public sealed class ApiKeysTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public ApiKeysTests(ServiceFactory service) => _service = service;

    private HttpClient WithKey(string key)
    {
        var client = _service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<(long Id, string Key)> MakeAsync(string name, string role)
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var made = await Json.ReadAsync(response);
        return (made.GetProperty("id").GetInt64(), made.GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task ViewerKey_ReadsResults_ButCannotUploadASurvey()
    {
        var (_, key) = await MakeAsync("Power BI", "viewer");
        var viewer = WithKey(key);

        var results = await viewer.GetAsync("/api/surveys/checkin/results");
        var upload = await viewer.PostAsync("/api/surveys", new StringContent("id: x", new MediaTypeHeaderValue("application/yaml")));

        Assert.Equal(HttpStatusCode.OK, results.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
    }

    [Fact]
    public async Task Key_IsKeptOnlyAsAHash_AndTheListShowsItsLastUse()
    {
        var (id, key) = await MakeAsync("Nightly export", "staff");
        Assert.Equal(HttpStatusCode.OK, (await WithKey(key).GetAsync("/api/surveys")).StatusCode);

        var listed = (await Json.ReadAsync(await _service.StaffClient().GetAsync("/api/keys"))).EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == id);
        Assert.Equal("Nightly export", listed.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.DoesNotContain(key, listed.ToString());
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, key);

        await using var scope = _service.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().ApiKeys.SingleAsync(k => k.Id == id);
        Assert.NotEqual(key, row.Hash);
        Assert.DoesNotContain(key, row.Hash);
    }

    [Fact]
    public async Task RevokedKey_Gets401_AtOnce()
    {
        var (id, key) = await MakeAsync("Old integration", "staff");
        var client = WithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/surveys")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _service.StaffClient().DeleteAsync($"/api/keys/{id}")).StatusCode);
        var after = await client.GetAsync("/api/surveys");

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", (await Json.ReadAsync(after)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("board")]
    [InlineData("owner")]
    [InlineData("")]
    public async Task AdminCannotMakeABoardKey_OrAKeyWithAnUnknownRole(string role)
    {
        var response = await _service.StaffClient().PostAsJsonAsync("/api/keys", new { name = "x", role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task MembersOwnKey_ActsAsThemOnly_AndCannotMakeMoreKeys()
    {
        var sam = await SignIns.MemberAsync(_service, "Sam", "expert-by-experience");
        var made = await Json.ReadAsync(await sam.Client.PostAsJsonAsync("/api/me/keys", new { name = "phone app" }));
        var byKey = WithKey(made.GetProperty("key").GetString()!);

        var me = await Json.ReadAsync(await byKey.GetAsync("/api/me"));
        var another = await byKey.PostAsJsonAsync("/api/me/keys", new { name = "another" });

        Assert.Equal(sam.MemberId, me.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
    }
}
