using System.Net;
using System.Net.Http.Headers;
using CoProduction.Bot.Tests.Infrastructure;

namespace CoProduction.Bot.Tests.Staff;

public sealed class StaffApiTests : IClassFixture<ServiceFactory>
{
    private readonly ServiceFactory _service;

    public StaffApiTests(ServiceFactory service) => _service = service;

    private static StringContent Yaml(string yaml) => new(yaml, new MediaTypeHeaderValue("application/yaml"));

    [Theory]
    [InlineData("GET", "/api/surveys/checkin/results")]
    [InlineData("POST", "/api/surveys")]
    [InlineData("POST", "/api/surveys/checkin/publish")]
    [InlineData("GET", "/api/outbox")]
    public async Task StaffApi_Returns401_WithoutTheKey(string method, string path)
    {
        var response = await _service.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StaffApi_Returns401_WithAWrongKey()
    {
        var client = _service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key-at-all");

        var response = await client.GetAsync("/api/surveys/checkin/results");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MalformedSurveyFile_IsRefusedWith400_NamingLineAndProblem()
    {
        const string yaml = """
            id: broken
            title: Broken survey
            keyword: BROKEN
            intro: Hello
            outro: Bye
            questions:
              - id: happy
                type: scale
                text: How happy are you?
                min: 5
                max: 1
            """;

        var response = await _service.StaffClient().PostAsync("/api/surveys", Yaml(yaml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        var error = problem.GetProperty("errors").EnumerateArray().First();
        Assert.InRange(error.GetProperty("line").GetInt32(), 10, 11);
        Assert.Contains("max", error.GetProperty("message").GetString()!, StringComparison.OrdinalIgnoreCase);
        // Nothing half-loaded: the survey does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await _service.StaffClient().GetAsync("/api/surveys/broken/results")).StatusCode);
    }

    [Fact]
    public async Task BrokenYamlSyntax_IsRefusedWith400_Not500()
    {
        var response = await _service.StaffClient().PostAsync("/api/surveys", Yaml("id: x\n  title: [unclosed\n\tkeyword: X"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Publish_Returns404_ForAnUnknownSurvey()
    {
        var response = await _service.StaffClient().PostAsync("/api/surveys/no-such-survey/publish", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Publish_Returns409_WhenKeywordIsTakenByAnotherPublishedSurvey()
    {
        var staff = _service.StaffClient();
        var upload = await staff.PostAsync("/api/surveys", Yaml("""
            id: copycat
            title: Copycat
            keyword: CHECKIN
            intro: Hello
            outro: Bye
            questions:
              - id: ok
                type: yesno
                text: Is this ok?
            """));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        // Approved, so the only reason left is the keyword.
        await Board.ApproveAsync(_service, "copycat");

        var publish = await staff.PostAsync("/api/surveys/copycat/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        var problem = await Json.ReadAsync(publish);
        Assert.Contains("CHECKIN", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_Returns201WithId_ForAGoodFile()
    {
        var response = await _service.StaffClient().PostAsync("/api/surveys", Yaml("""
            id: tiny
            title: Tiny
            keyword: TINY
            intro: Hello
            outro: Bye
            questions:
              - id: ok
                type: yesno
                text: Is this ok?
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("tiny", (await Json.ReadAsync(response)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Upload_Returns415_ForAnUnknownContentType()
    {
        var response = await _service.StaffClient().PostAsync("/api/surveys", new StringContent("{}", new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Results_Returns404_ForAnUnknownSurvey()
    {
        var response = await _service.StaffClient().GetAsync("/api/surveys/nope/results");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
