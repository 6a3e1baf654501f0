using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Tests.People;

public sealed class PeopleImporterTests : IAsyncLifetime
{
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync();
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private const string Header = "name,phone,channel,language,timezone,next_checkin,groups,easy_read,slow_pace,consent_date,notes\n";

    [Fact]
    public async Task Import_StoresEveryColumn_WithPhonesInE164()
    {
        var result = await _h.ImportAsync(Header + "Ann,07700 900101,voice,cy,Europe/London,2026-05-01,Bristol Homes;Drop-in,yes,no,2025-01-02,likes mornings\n");
        Assert.Equal(1, result.Imported);
        Assert.Empty(result.Errors);
        var ann = await _h.PersonAsync("+447700900101");
        Assert.Equal("Ann", ann.Name);
        Assert.Equal(Channel.Voice, ann.PreferredChannel);
        Assert.Equal("cy", ann.Language);
        Assert.Equal("Europe/London", ann.TimeZone);
        Assert.Equal(new DateOnly(2026, 5, 1), ann.NextCheckin);
        Assert.Equal(new DateOnly(2025, 1, 2), ann.ConsentDate);
        Assert.True(ann.EasyRead);
        Assert.False(ann.SlowPace);
        var groups = await _h.Db(db => db.PersonGroups.Where(g => g.PersonId == ann.Id).Select(g => g.Group).OrderBy(g => g).ToListAsync());
        Assert.Equal(["bristol homes", "drop-in"], groups);
    }

    [Fact]
    public async Task Import_ReportsEveryBadRowByLine_AndImportsNothing()
    {
        var csv = Header
            + "Ann,07700 900101,sms,en,Europe/London,2026-05-01,a,,,,\n"
            + "Bob,12345,sms,en,Europe/London,2026-05-01,a,,,,\n"
            + "Cat,07700 900103,fax,en,Europe/London,2026-05-01,a,,,,\n"
            + "Dan,07700 900104,sms,en,Mars/Olympus,2026-02-30,a,,,,\n"
            + "Eve,07700 900101,sms,en,Europe/London,14/03/2026,a,maybe,,,\n";
        var result = await _h.ImportAsync(csv);

        Assert.Equal(0, result.Imported);
        Assert.Equal([3, 4, 5, 6], result.Errors.Select(e => e.Line));
        Assert.Contains("not a real phone number", result.Errors[0].Reason);
        Assert.Contains("sms, voice or web", result.Errors[1].Reason);
        Assert.Contains("time zone", result.Errors[2].Reason);
        Assert.Contains("not a real date", result.Errors[2].Reason);
        Assert.Contains("same as on line 2", result.Errors[3].Reason);
        Assert.Contains("year-month-day", result.Errors[3].Reason);
        Assert.Contains("easy_read must be yes or no", result.Errors[3].Reason);
        Assert.DoesNotContain(result.Errors, e => e.Reason.Contains("900101"));
        Assert.Equal(0, await _h.Db(db => db.People.CountAsync()));
    }

    [Fact]
    public async Task Import_ImportsTheGoodRows_WhenAskedForAPartialImport()
    {
        var result = await _h.ImportAsync(Header + "Ann,07700 900101,sms,,,,,,,,\nBob,nope,sms,,,,,,,,\n", partial: true);
        Assert.Equal(1, result.Imported);
        Assert.Single(result.Errors);
        Assert.Equal(1, await _h.Db(db => db.People.CountAsync()));
    }

    [Fact]
    public async Task ReImport_UpdatesThePerson_NeverDuplicates_AndReplacesTheirGroups()
    {
        await _h.ImportAsync("name,phone,groups\nAnn,07700 900101,a;b\n");
        var again = await _h.ImportAsync("name,phone,groups,timezone\nAnn Smith,+447700900101,c,America/New_York\n");
        Assert.Equal(0, again.Imported);
        Assert.Equal(1, again.Updated);
        var people = await _h.Db(db => db.People.ToListAsync());
        var ann = Assert.Single(people);
        Assert.Equal("Ann Smith", ann.Name);
        Assert.Equal("America/New_York", ann.TimeZone);
        Assert.Equal(["c"], await _h.Db(db => db.PersonGroups.Select(g => g.Group).ToListAsync()));
    }

    [Fact]
    public async Task Import_ReadsQuotedFields_WithCommasAndLineBreaks_AndCountsLinesOfTheFile()
    {
        var csv = "name,phone\n\"Smith, Ann\",07700 900101\n\"Two\nlines\",07700 900102\nBad,x\n";
        var result = await _h.ImportAsync(csv, partial: true);
        Assert.Equal(2, result.Imported);
        Assert.Equal(5, Assert.Single(result.Errors).Line);
        Assert.Equal("Smith, Ann", (await _h.PersonAsync("+447700900101")).Name);
    }

    [Fact]
    public async Task Import_SaysWhatIsMissing_WhenThereIsNoPhoneColumn()
    {
        var result = await _h.ImportAsync("name,channel\nAnn,sms\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("'phone' column", error.Reason);
    }
}
