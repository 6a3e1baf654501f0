using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>Exports through the real pipeline, each file opened back and read.</summary>
public sealed class ExportApiTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private Guid _round;

    public async Task InitializeAsync()
    {
        _round = await PulseSurvey.PublishedWithRoundAsync(_service);
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 2, "happy=4 safe=yes matters=friends visits=3 change=text:=HYPERLINK(\"http://evil\",\"x\")");
        await ResultsSeed.AddPeopleAsync(_service.Services, _round, 1, "happy=? safe=no change=text:Café,_\"quoted\"_and_more");
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Csv_HasOneRowPerResponse_NeutralisedCells_AndACodebookSection()
    {
        var response = await _service.StaffClient().GetAsync("/api/surveys/pulse/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition!.FileName);
        var lines = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(["response_id", "channel", "started", "status", "interview_id", "interviewer_role", "interview_mode", "answered_by", "consent", "happy", "safe", "matters", "visits", "when", "change"], lines[0]);
        var rows = lines.Skip(1).TakeWhile(l => l.Length > 1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows.Count(r => r[9] == "4" && r[14] == "'=HYPERLINK(\"http://evil\",\"x\")"));
        Assert.Single(rows, r => r[9] == "unclear" && r[10] == "no" && r[14] == "Café, \"quoted\" and more");
        var codebook = lines.SkipWhile(l => l[0] != "codebook").Skip(1).ToList();
        Assert.Equal(["column", "label", "type", "values"], codebook[0]);
        Assert.Contains(codebook, l => l[0] == "happy" && l[1] == "How happy are you with your support?" && l[3].Contains("5 = Very happy"));
    }

    [Fact]
    public async Task Xlsx_OpensWithAResponsesSheetAndACodebookSheet()
    {
        var response = await _service.StaffClient().GetAsync($"/api/surveys/pulse/export?format=xlsx&round={_round}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["responses", "codebook"], file.GetSheetNames());
        var rows = file.Query(useHeaderRow: true, sheetName: "responses").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows.Count(r => Convert.ToString(r["happy"], System.Globalization.CultureInfo.InvariantCulture) == "4" && (string?)r["change"] == "'=HYPERLINK(\"http://evil\",\"x\")"));
        var codebook = file.Query(useHeaderRow: true, sheetName: "codebook").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(codebook, r => (string?)r["column"] == "matters" && ((string)r["values"]!).StartsWith("friends = Friends and family"));
    }

    [Fact]
    public async Task Export_IsRecorded_WhoWhenWhatAndHowManyRows()
    {
        await _service.StaffClient().GetStringAsync($"/api/surveys/pulse/export?format=csv&round={_round}&from=2020-01-01&to=2099-12-31");

        await using var scope = _service.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().ExportRecords.SingleAsync();
        Assert.Equal(("pulse", "staff key", "csv", (Guid?)_round, (DateOnly?)new DateOnly(2020, 1, 1), (int?)3),
            (record.SurveyId, record.Who, record.Format, record.RoundId, record.From, record.Rows));
    }

    [Theory]
    [InlineData("/api/surveys/pulse/export", HttpStatusCode.BadRequest)]
    [InlineData("/api/surveys/pulse/export?format=pdf", HttpStatusCode.BadRequest)]
    [InlineData("/api/surveys/pulse/export?format=csv&from=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("/api/surveys/pulse/export?format=csv&from=2026-05-01&to=2026-04-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/surveys/pulse/export?format=csv&round=soon", HttpStatusCode.BadRequest)]
    [InlineData("/api/surveys/pulse/export?format=csv&round=6f1c1f57-0000-4000-8000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("/api/surveys/nope/export?format=csv", HttpStatusCode.NotFound)]
    public async Task Export_RefusesBadRequests_InPlainWords_AndRecordsNothing(string path, HttpStatusCode expected)
    {
        var response = await _service.StaffClient().GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await Json.ReadAsync(response)).GetProperty("detail").GetString()));
        await using var scope = _service.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<StoreDbContext>().ExportRecords.CountAsync());
    }

    [Fact]
    public async Task Export_Needs_TheStaffKey()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _service.CreateClient().GetAsync("/api/surveys/pulse/export?format=csv")).StatusCode);
    }

    /// <summary>RFC 4180, enough to read the export back: quoted cells, doubled quotes, CRLF rows.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        text = text.TrimStart('\uFEFF');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                cells.Add(cell.ToString()); cell.Clear();
                rows.Add(cells.ToArray()); cells.Clear();
                i++;
            }
            else cell.Append(c);
        }
        return rows;
    }
}
