using CoProduction.Store.Catalog;
using CoProduction.Store.Library;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.Catalog;

/// <summary>Runs on SQLite and on PostgreSQL: see the nested <see cref="OnSqlite"/> and <see cref="OnPostgres"/>.</summary>
public abstract class SurveyCatalogProviderTests(IStoreBackend backend) : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<ISurveyCatalog> Catalog() =>
        _store.InScope(sp => sp.GetRequiredService<SurveyCatalogProvider>().GetAsync(sp.GetRequiredService<StoreDbContext>(), CancellationToken.None));

    [Fact]
    public async Task FindByKeyword_MatchesAnyCaseAndLanguageKeywords_OfPublishedSurveysOnly()
    {
        await _store.PublishAsync(SampleSurveys.Checkin() with { KeywordsByLanguage = new Dictionary<string, string> { ["cy"] = "HOLIADUR" } });
        await _store.InScope(sp => sp.GetRequiredService<SurveyLibrary>()
            .ImportAsync(_store.Parser.FileFor(SampleSurveys.Checkin(id: "draft", keyword: "DRAFTY")), CancellationToken.None));

        var catalog = await Catalog();

        Assert.Equal(("checkin", 1), (catalog.FindByKeyword("checkin")?.Definition.Id, catalog.FindByKeyword("checkin")?.Version));
        Assert.Equal("checkin", catalog.FindByKeyword("holiadur")?.Definition.Id);
        Assert.Null(catalog.FindByKeyword("drafty"));
        Assert.Equal("CHECKIN", catalog.SuggestedKeyword);
    }

    [Fact]
    public async Task FindByKeyword_AmongSeveralPublishedSurveys_GivesTheOneWhoseKeywordTheWordIs_InAnyCaseAndPadding()
    {
        await _store.PublishAsync(SampleSurveys.Checkin() with { KeywordsByLanguage = new Dictionary<string, string> { ["cy"] = "HOLIADUR" } });
        await _store.PublishAsync(SampleSurveys.Checkin(id: "pulse", keyword: "PULSE", title: "Monthly pulse")
            with { KeywordsByLanguage = new Dictionary<string, string> { ["cy"] = "CURIAD", ["pl"] = "PULS" } });

        var catalog = await Catalog();

        Assert.Equal("checkin", catalog.FindByKeyword("Checkin")?.Definition.Id);
        Assert.Equal("checkin", catalog.FindByKeyword("  holiadur ")?.Definition.Id);
        Assert.Equal("pulse", catalog.FindByKeyword("pulse")?.Definition.Id);
        Assert.Equal("pulse", catalog.FindByKeyword(" Curiad")?.Definition.Id);
        Assert.Equal("pulse", catalog.FindByKeyword("puls")?.Definition.Id);
        Assert.Null(catalog.FindByKeyword("pulses"));
        Assert.Null(catalog.FindByKeyword("   "));
    }

    [Fact]
    public async Task GetAsync_SeesANewlyPublishedVersion_AndStillFindsTheOldOne()
    {
        await _store.PublishAsync(SampleSurveys.Checkin(), "1");
        var before = await Catalog();

        await _store.PublishAsync(SampleSurveys.Checkin(title: "Check-in two"), "2");
        var after = await Catalog();

        Assert.Equal(1, before.FindByKeyword("CHECKIN")?.Version);
        Assert.Equal(2, after.FindByKeyword("CHECKIN")?.Version);
        Assert.Equal("Yearly check-in", after.Find("checkin", 1)?.Definition.Title);
        Assert.Null(after.Find("checkin", 3));
    }

    [Fact]
    public async Task GetAsync_ReusesTheSnapshot_WhileNothingChanged()
    {
        await _store.PublishAsync(SampleSurveys.Checkin());

        Assert.Same(await Catalog(), await Catalog());
    }

    [Fact]
    public async Task SuggestedKeyword_IsNull_WhenNothingIsPublished()
    {
        Assert.Null((await Catalog()).SuggestedKeyword);
    }

    public sealed class OnSqlite() : SurveyCatalogProviderTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : SurveyCatalogProviderTests(server.DatabaseFor<OnPostgres>());
}
