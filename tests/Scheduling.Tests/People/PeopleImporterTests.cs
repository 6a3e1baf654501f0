using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Scheduling.Tests.People;

/// <summary>The people import on SQLite and on PostgreSQL (each statement is written for both).</summary>
public abstract class PeopleImporterTests(IStoreBackend backend) : IAsyncLifetime
{
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(backend: backend);
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

    [Fact]
    public async Task ReImport_KeepsWhatTheFileDoesNotSay_AndTheGroupsWhenThereIsNoGroupsColumn()
    {
        await _h.ImportAsync(Header + "Ann,07700 900101,voice,cy,America/New_York,2026-05-01,a;b,yes,yes,2025-01-02,\n");
        var again = await _h.ImportAsync("phone,name,easy_read\n07700 900101,,no\n");

        Assert.Equal((0, 1), (again.Imported, again.Updated));
        var ann = await _h.PersonAsync("+447700900101");
        Assert.Equal(("Ann", Channel.Voice, "cy", "America/New_York"), (ann.Name, ann.PreferredChannel, ann.Language, ann.TimeZone));
        Assert.Equal((new DateOnly(2026, 5, 1), new DateOnly(2025, 1, 2)), (ann.NextCheckin!.Value, ann.ConsentDate!.Value));
        Assert.False(ann.EasyRead);
        Assert.True(ann.SlowPace);
        Assert.Equal(["a", "b"], await _h.Db(db => db.PersonGroups.Select(g => g.Group).OrderBy(g => g).ToListAsync()));
    }

    [Fact]
    public async Task Import_WritesNothing_WhenOnlyTheLastOfManyBatchesHasABadRow()
    {
        // The harness writes 50 rows a batch: 40 batches are written before the bad row is read.
        var csv = new System.Text.StringBuilder("name,phone,groups\n");
        for (var i = 0; i < 2_000; i++) csv.Append($"P{i},+4474001{i:D5},a\n");
        csv.Append("Last,not a phone,a\n");

        var result = await _h.ImportAsync(csv.ToString());

        Assert.Equal((0, 0), (result.Imported, result.Updated));
        Assert.Equal(2_002, Assert.Single(result.Errors).Line);
        Assert.Equal(0, await _h.Db(db => db.People.CountAsync()));
        Assert.Equal(0, await _h.Db(db => db.PersonGroups.CountAsync()));
    }

    [Fact]
    public async Task Import_OfManyBatches_CountsNewAndUpdatedPeople_AndGivesEachTheirGroups()
    {
        await _h.ImportAsync("name,phone,groups\nOld,+447400100007,x\n");
        var csv = new System.Text.StringBuilder("name,phone,groups\n");
        for (var i = 0; i < 120; i++) csv.Append($"P{i},+4474001{i:D5},a;B\n");

        var result = await _h.ImportAsync(csv.ToString());

        Assert.Equal((119, 1), (result.Imported, result.Updated));
        Assert.Equal(120, await _h.Db(db => db.People.CountAsync()));
        Assert.Equal(240, await _h.Db(db => db.PersonGroups.CountAsync()));
        var old = await _h.PersonAsync("+447400100007");
        Assert.Equal("P7", old.Name);
        Assert.Equal(["a", "b"], await _h.Db(db => db.PersonGroups.Where(g => g.PersonId == old.Id).Select(g => g.Group).OrderBy(g => g).ToListAsync()));
    }

    [Fact]
    public async Task Import_SaysWhereAQuoteIsLeftOpen_AndImportsNothing_EvenWhenPartial()
    {
        var result = await _h.ImportAsync("name,phone\nAnn,07700 900101\n\"Bob,07700 900102\n", partial: true);

        Assert.Equal(3, Assert.Single(result.Errors).Line);
        Assert.Contains("never closed", result.Errors[0].Reason);
        Assert.Equal(0, await _h.Db(db => db.People.CountAsync()));
    }

    public sealed class OnSqlite() : PeopleImporterTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : PeopleImporterTests(server.DatabaseFor<OnPostgres>());
}
