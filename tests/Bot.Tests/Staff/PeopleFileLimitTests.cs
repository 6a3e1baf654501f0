using System.Net;
using System.Text;
using CoProduction.Bot.Safety;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Staff;

/// <summary>
/// How big a people file may be: a million people (about 67 MB) goes in, read as it arrives;
/// a file over the limit is refused with a plain 413 before any of it is read.
/// </summary>
public sealed class PeopleFileLimitTests(ServiceFactory service) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task PeopleFile_BiggerThanTheOld32MbLimit_IsImported()
    {
        // 40 people with a 1 MB note each (other columns are allowed and ignored): 40 MB.
        using var file = new GeneratedCsv(rows: 40, noteLength: 1024 * 1024, firstNumber: 100);

        var response = await service.StaffClient().PostAsync("/api/people", file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"imported\":40", await response.Content.ReadAsStringAsync());
        Assert.True(file.Length > 32L * 1024 * 1024);
    }

    [Fact]
    public async Task PeopleFile_OverTheLimit_Gets413WithAPlainReason_AndNobodyIsImported()
    {
        var noteLength = 1024 * 1024;
        var rows = (int)(RequestLimits.PeopleFile / noteLength) + 2;
        using var file = new GeneratedCsv(rows, noteLength, firstNumber: 500);
        Assert.True(file.Length > RequestLimits.PeopleFile);

        var response = await service.StaffClient().PostAsync("/api/people", file);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("This address takes at most", await response.Content.ReadAsStringAsync());
        using var scope = service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.False(await db.People.AnyAsync(p => p.Name == "Note 500"));
    }

    /// <summary>A CSV made as it is sent (never held whole), with its length known beforehand.</summary>
    private sealed class GeneratedCsv : HttpContent
    {
        private const string Header = "name,phone,notes\n";
        private readonly int _rows;
        private readonly int _firstNumber;
        private readonly byte[] _note;

        public GeneratedCsv(int rows, int noteLength, int firstNumber)
        {
            (_rows, _firstNumber) = (rows, firstNumber);
            _note = Encoding.ASCII.GetBytes(new string('x', noteLength) + "\n");
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            Length = Header.Length + (long)rows * (Row(0).Length + _note.Length);
        }

        public long Length { get; }

        // Fixed width, so every row is as long as the first.
        private byte[] Row(int i) => Encoding.ASCII.GetBytes($"Note {_firstNumber + i:D3},07400 100{_firstNumber + i:D3},");

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Header));
            for (var i = 0; i < _rows; i++)
            {
                await stream.WriteAsync(Row(i));
                await stream.WriteAsync(_note);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Length;
            return true;
        }
    }
}
