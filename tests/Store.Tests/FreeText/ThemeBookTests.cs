using CoProduction.Store.FreeText;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.FreeText;

/// <summary>The board's themes per survey. Runs on SQLite and PostgreSQL.</summary>
public abstract class ThemeBookTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<T> Book<T>(Func<ThemeBook, Task<T>> work) => _store.InScope(sp => work(sp.GetRequiredService<ThemeBook>()));

    private Task<List<Theme>> Stored() => _store.Db(db => db.Set<Theme>().AsNoTracking().OrderBy(t => t.Id).ToListAsync());

    [Fact]
    public async Task AddAsync_KeepsOneTheme_WhenTheSameNameComesInAnotherCaseAndSpacing()
    {
        var first = await Book(b => b.AddAsync("checkin", "Staff  changing", default));
        var again = await Book(b => b.AddAsync("checkin", " staff changing ", default));

        Assert.Equal(FreeTextStatus.Created, first.Status);
        Assert.Equal(FreeTextStatus.Done, again.Status);
        var theme = Assert.Single(await Stored());
        Assert.Equal(("Staff changing", "staff changing"), (theme.Name, theme.NameKey));
    }

    [Fact]
    public async Task AddAsync_StoresOne_WhenTheSameThemeArrivesTenTimesAtOnce()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Book(b => b.AddAsync("checkin", "Transport", default))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.Single(await Stored());
        Assert.Single(outcomes.Select(o => o.Value!.Id).Distinct());
    }

    [Fact]
    public async Task Database_RefusesTwoThemesWithOneName_EvenWithoutTheBook()
    {
        await Book(b => b.AddAsync("checkin", "Transport", default));

        await Assert.ThrowsAsync<DbUpdateException>(() => _store.Db(db =>
        {
            db.Add(new Theme { SurveyId = "checkin", Name = "TRANSPORT", NameKey = "transport" });
            return db.SaveChangesAsync();
        }));
    }

    [Theory]
    [InlineData("", "Write the theme's name")]
    [InlineData("   ", "Write the theme's name")]
    [InlineData(null, "Write the theme's name")]
    [InlineData("<script>alert(1)</script>", "letters, numbers, spaces")]
    [InlineData("Call 07700 900123 #now", "letters, numbers, spaces")]
    [InlineData("A theme name that goes on and on for far more than sixty characters", "60 characters")]
    public async Task AddAsync_RefusesAName_InPlainWords_AndStoresNothing(string? name, string reason)
    {
        var outcome = await Book(b => b.AddAsync("checkin", name, default));

        Assert.Equal(FreeTextStatus.Invalid, outcome.Status);
        Assert.Contains(reason, outcome.Detail);
        Assert.Empty(await Stored());
    }

    [Fact]
    public async Task AddAsync_TakesWelshLettersAndPlainPunctuation_ButNotOddSigns()
    {
        var welsh = await Book(b => b.AddAsync("checkin", "Gwasanaeth ŵ ŷ â (gofal/cymorth) & staff'n newid", default));
        var odd = await Book(b => b.AddAsync("checkin", "Iaith: Cymraeg", default));

        Assert.Equal(FreeTextStatus.Created, welsh.Status);
        Assert.Equal(FreeTextStatus.Invalid, odd.Status);
    }

    [Fact]
    public async Task AddAsync_SaysTheSurveyIsMissing()
    {
        var outcome = await Book(b => b.AddAsync("nope", "Transport", default));

        Assert.Equal(FreeTextStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task RenameAsync_RefusesANameAnotherThemeHas()
    {
        var transport = (await Book(b => b.AddAsync("checkin", "Transport", default))).Value!;
        await Book(b => b.AddAsync("checkin", "Food", default));

        var outcome = await Book(b => b.RenameAsync("checkin", transport.Id, "food", default));

        Assert.Equal(FreeTextStatus.Conflict, outcome.Status);
        Assert.Equal(["Transport", "Food"], (await Stored()).Select(t => t.Name));
    }

    [Fact]
    public async Task RenameAsync_ChangesTheName_AndMayChangeOnlyItsCase()
    {
        var theme = (await Book(b => b.AddAsync("checkin", "transport", default))).Value!;

        var outcome = await Book(b => b.RenameAsync("checkin", theme.Id, "Transport", default));

        Assert.Equal(FreeTextStatus.Done, outcome.Status);
        Assert.Equal("Transport", Assert.Single(await Stored()).Name);
    }

    [Fact]
    public async Task RetireAsync_KeepsTheTheme_AndAddingItsNameBringsItBack()
    {
        var theme = (await Book(b => b.AddAsync("checkin", "Transport", default))).Value!;

        await Book(b => b.RetireAsync("checkin", theme.Id, default));
        Assert.True(Assert.Single(await Stored()).Retired);
        await Book(b => b.AddAsync("checkin", "transport", default));

        Assert.False(Assert.Single(await Stored()).Retired);
    }

    [Fact]
    public async Task RenameAndRetire_FindNoThemeOfAnotherSurvey()
    {
        var theme = (await Book(b => b.AddAsync("checkin", "Transport", default))).Value!;

        Assert.Equal(FreeTextStatus.NotFound, (await Book(b => b.RenameAsync("other", theme.Id, "Buses", default))).Status);
        Assert.Equal(FreeTextStatus.NotFound, (await Book(b => b.RetireAsync("other", theme.Id, default))).Status);
        Assert.False(Assert.Single(await Stored()).Retired);
    }

    public sealed class OnSqlite() : ThemeBookTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ThemeBookTests(server.DatabaseFor<OnPostgres>());
}
