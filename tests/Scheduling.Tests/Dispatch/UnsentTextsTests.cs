using CoProduction.Scheduling.Dispatch;
using CoProduction.Scheduling.Starting;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Store.Model;
using CoProduction.Surveys.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Dispatch;

/// <summary>
/// An SMS start whose intro went and whose first question did not keeps the question for a retry.
/// What happens to the person in between decides whether it still goes: on SQLite and PostgreSQL.
/// </summary>
public abstract class UnsentTextsTests(IStoreBackend backend) : IAsyncLifetime
{
    private const string Phone = "+447700900201";
    private const string Question = "Question 1: How happy are you?";
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(configure: o => o.MessagesPerSecond = 10, backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    public enum InBetween { Nothing, TheyReply, TheSurveyEnds, TheyTextStop }

    /// <summary>What happens before the retry; whether the kept question goes; the invitation's status then.</summary>
    public static TheoryData<InBetween, bool, InvitationStatus> Cases => new()
    {
        { InBetween.Nothing, true, InvitationStatus.Sent },
        { InBetween.TheyReply, false, InvitationStatus.Sent },
        { InBetween.TheSurveyEnds, false, InvitationStatus.Sent },
        { InBetween.TheyTextStop, false, InvitationStatus.OptedOut },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheKeptQuestion_GoesOnlyWhileTheirSessionIsWhereTheStartLeftIt(InBetween inBetween, bool questionGoes, InvitationStatus status)
    {
        await _h.ImportAsync($"name,phone,channel,groups\nAda,07700 900201,sms,homes\n");
        await _h.RoundInvitationsAsync(await _h.RoundAsync(channel: "sms"));
        // The start saves their session, sends the intro, and Twilio refuses the question.
        _h.Starter.Before = start => start.Unsent is null ? _h.StartedAsync(start.InvitationId, start.PersonId) : Task.CompletedTask;
        _h.Starter.Script.Enqueue(StartResult.PartlySent(1, "The first text went but the next did not.", [Question], retryable: true));
        await _h.DispatchAsync();
        var waiting = Assert.Single(await _h.InvitationsAsync());
        Assert.Equal(InvitationStatus.Pending, waiting.Status);

        await (inBetween switch
        {
            InBetween.TheyReply => SaveSessionAsync(s => s.Revision++),
            InBetween.TheSurveyEnds => SaveSessionAsync(s => { s.Status = SessionStatus.Completed; s.Revision++; }),
            InBetween.TheyTextStop => _h.Db(db =>
            {
                db.OptOuts.Add(new OptOut { Phone = Phone, PersonId = waiting.PersonId, Keyword = "STOP", At = _h.Time.GetUtcNow() });
                return db.SaveChangesAsync();
            }),
            _ => Task.CompletedTask,
        });
        _h.Time.AdjustTime(waiting.NotBefore);
        await _h.DispatchAsync();

        var retries = _h.Starter.Starts.Skip(1).Select(s => s.Start).ToList();
        if (questionGoes) Assert.Equal([Question], Assert.Single(retries).Unsent!);
        else Assert.Empty(retries);
        var after = Assert.Single(await _h.InvitationsAsync());
        Assert.Equal(status, after.Status);
        Assert.Null(after.UnsentTexts);
        if (inBetween is InBetween.TheyReply) Assert.Contains("they replied before it could go", after.LastError);
        if (inBetween is InBetween.TheSurveyEnds) Assert.Contains("their survey had ended", after.LastError);
        Assert.DoesNotContain(Phone, after.LastError ?? "");
    }

    [Fact]
    public void TextsKeptBeforeRevisionsWere_StillRead_AndKeptOnesReadBackWithTheirRevision()
    {
        Assert.Equal([Question], UnsentTexts.Read($"[\"{Question}\"]")!.Texts);
        Assert.Null(UnsentTexts.Read($"[\"{Question}\"]")!.SessionRevision);
        var kept = UnsentTexts.Read(UnsentTexts.Write([Question, "Question 2"], 3))!;
        Assert.Equal([Question, "Question 2"], kept.Texts);
        Assert.Equal(3, kept.SessionRevision);
        Assert.Null(UnsentTexts.Write([], 3));
    }

    private Task SaveSessionAsync(Action<Session> change) => _h.Db(async db =>
    {
        var session = await db.Sessions.SingleAsync();
        change(session);
        return await db.SaveChangesAsync();
    });

    public sealed class OnSqlite() : UnsentTextsTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : UnsentTextsTests(server.DatabaseFor<OnPostgres>());
}
