using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.People;

/// <summary>
/// A person who texted STOP and was then erased is imported again from an old spreadsheet: they
/// come back as a new person, but their STOP holds, so no round texts them until they text START.
/// Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class ErasedPersonImportTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Csv = "name,phone,channel,groups\nAlice,07700 900201,sms,homes\nBea,07700 900202,sms,homes\n";
    private Harness _h = null!;

    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.MessagesPerSecond = 10, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<Guid> RoundAsync() => _h.RoundAsync(channel: "sms");

    [Fact]
    public async Task AnErasedPersonWhoStopped_ImportedAgain_IsANewPerson_AndIsNeverTexted()
    {
        await _h.ImportAsync(Csv);
        var alice = await _h.PersonAsync("+447700900201");
        await _h.Db(async db =>
        {
            await OptOutRegister.RecordAsync(db, alice.Phone, alice.Id, "STOP", null, _h.Time.GetUtcNow(), default);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(ErasureStatus.Erased, (await _h.Run(sp => sp.GetRequiredService<PersonEraser>().EraseAsync(alice.Id, "Morgan staff", default))).Status);

        var again = await _h.ImportAsync(Csv);
        await _h.RoundInvitationsAsync(await RoundAsync());
        await _h.DispatchAsync();

        Assert.Equal(1, again.Imported);
        var back = await _h.PersonAsync("+447700900201");
        Assert.NotEqual(alice.Id, back.Id);
        Assert.DoesNotContain(_h.Starter.Starts, s => s.Start.PersonId == back.Id);
        Assert.Single(_h.Starter.Starts);
        Assert.Equal(InvitationStatus.OptedOut, (await _h.InvitationsAsync()).Single(i => i.PersonId == back.Id).Status);
        Assert.Equal(0, await _h.Db(db => db.OptOuts.CountAsync(o => o.Phone == "+447700900201")));
    }

    public sealed class OnSqlite() : ErasedPersonImportTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : ErasedPersonImportTests(server.DatabaseFor<OnPostgres>());
}
