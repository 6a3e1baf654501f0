using CoProduction.Store.FreeText;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store.Tests.FreeText;

/// <summary>Quotes: the check, the edit, approval with a reason, withdrawal. Runs on SQLite and PostgreSQL.</summary>
public abstract class QuoteBookTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly Actor Staff = new("Alex Staff", null);
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task<T> Quotes<T>(Func<QuoteBook, Task<T>> work) => _store.InScope(sp => work(sp.GetRequiredService<QuoteBook>()));

    private Task<IReadOnlyList<string>> Public() => Quotes(q => q.PublicAsync("checkin", default));

    [Fact]
    public async Task ApproveAsync_PutsACleanQuoteOnThePublicList()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "More trips to the seaside"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;
        Assert.Empty(await Public());

        var approved = await Quotes(q => q.ApproveAsync("checkin", quote.Id, null, Staff, default));

        Assert.Equal(QuoteStatus.Approved, approved.Value!.Status);
        Assert.Equal(["More trips to the seaside"], await Public());
    }

    [Fact]
    public async Task ApproveAsync_RefusesAFlaggedQuote_UntilEditedOrConfirmedWithAReason()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "Sarah is the best carer, ring her on 07700 900123"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;
        Assert.Equal("name,phone", quote.Flags);

        var refused = await Quotes(q => q.ApproveAsync("checkin", quote.Id, "  ", Staff, default));

        Assert.Equal(FreeTextStatus.Conflict, refused.Status);
        Assert.Contains("name or phone number", refused.Detail);
        Assert.Empty(await Public());
    }

    [Fact]
    public async Task EditAsync_KeepsTheOriginalAnswer_AndThePublicReadsTheEdit()
    {
        const string words = "Sarah is the best carer, ring her on 07700 900123";
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, words))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;

        var edited = await Quotes(q => q.EditAsync("checkin", quote.Id, "[name] is the best carer", default));
        var approved = await Quotes(q => q.ApproveAsync("checkin", quote.Id, null, Staff, default));

        Assert.Equal(("", true), (edited.Value!.Flags, edited.Value.Edited));
        Assert.True(approved.Succeeded);
        Assert.Equal(["[name] is the best carer"], await Public());
        Assert.Equal(words, await _store.Db(db => db.Answers.Where(a => a.Id == answer).Select(a => a.Value).FirstAsync()));
        var listed = Assert.Single(await Quotes(q => q.ListAsync("checkin", Staff, default)));
        Assert.Equal(words, listed.Original);
    }

    [Fact]
    public async Task ApproveAsync_TakesAFlaggedQuote_WithAReason_AndKeepsIt()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "We all love Biscuit the day centre dog"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;

        var approved = await Quotes(q => q.ApproveAsync("checkin", quote.Id, "Biscuit is a dog, not a person", Staff, default));

        Assert.Equal(("name", "Biscuit is a dog, not a person", "Alex Staff"), (approved.Value!.Flags, approved.Value.ConfirmReason, approved.Value.ApprovedBy));
        Assert.Equal(["We all love Biscuit the day centre dog"], await Public());
    }

    [Fact]
    public async Task EditAsync_TakesAnApprovedQuoteOffThePage_UntilApprovedAgain()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "More trips to the seaside"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;
        await Quotes(q => q.ApproveAsync("checkin", quote.Id, null, Staff, default));

        var edited = await Quotes(q => q.EditAsync("checkin", quote.Id, "More trips to the sea, with Tom", default));

        Assert.Equal((QuoteStatus.Proposed, "name"), (edited.Value!.Status, edited.Value.Flags));
        Assert.Empty(await Public());
    }

    [Fact]
    public async Task WithdrawAsync_TakesTheQuoteOffThePublicList()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "More trips to the seaside"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;
        await Quotes(q => q.ApproveAsync("checkin", quote.Id, null, Staff, default));

        await Quotes(q => q.WithdrawAsync("checkin", quote.Id, default));

        Assert.Empty(await Public());
    }

    [Fact]
    public async Task ProposeAsync_MakesOneQuotePerAnswer_EvenTenTimesAtOnce()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "More trips to the seaside"))[0];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Detail));
        Assert.Single(outcomes.Select(o => o.Value!.Id).Distinct());
        Assert.Equal(1, await _store.Db(db => db.Set<Quote>().CountAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EditAsync_RefusesAnEmptyQuote_AndKeepsTheOldText(string text)
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "More trips to the seaside"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;

        var outcome = await Quotes(q => q.EditAsync("checkin", quote.Id, text, default));

        Assert.Equal(FreeTextStatus.Invalid, outcome.Status);
        Assert.Equal("More trips to the seaside", await _store.Db(db => db.Set<Quote>().Select(q => q.Text).FirstAsync()));
    }

    [Fact]
    public async Task QuoteActions_FindNoQuoteOfAnotherSurvey()
    {
        var answer = (await FreeTextData.AddWrittenAsync(_store, null, "More trips to the seaside"))[0];
        var quote = (await Quotes(q => q.ProposeAsync("checkin", answer, Staff, default))).Value!;

        Assert.Equal(FreeTextStatus.NotFound, (await Quotes(q => q.ApproveAsync("other", quote.Id, null, Staff, default))).Status);
        Assert.Equal(FreeTextStatus.NotFound, (await Quotes(q => q.ProposeAsync("other", answer, Staff, default))).Status);
        Assert.Empty(await Public());
    }

    public sealed class OnSqlite() : QuoteBookTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : QuoteBookTests(server.DatabaseFor<OnPostgres>());
}
