using CoProduction.Store.Conversations;
using CoProduction.Store.Interviews;
using CoProduction.Store.Model;
using CoProduction.Store.OptOuts;
using CoProduction.Store.Privacy;
using CoProduction.Store.Results.Export;
using CoProduction.Store.Setup;
using CoProduction.Store.Tests.Postgres;
using CoProduction.Store.Tests.TestSupport;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using CoProduction.Surveys.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static CoProduction.Store.Tests.TestSupport.Turns;

namespace CoProduction.Store.Tests.Interviews;

/// <summary>Starting interviews, and what their turns write. Runs on SQLite and on PostgreSQL.</summary>
public abstract class InterviewBookTests(IStoreBackend backend) : IAsyncLifetime
{
    private static readonly Guid Interviewer = new("0a000000-0000-4000-8000-000000000001");
    private TestStore _store = null!;
    private Person _person = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync(backend);
        await _store.PublishAsync(SampleSurveys.Checkin());
        _person = await _store.Db(async db =>
        {
            var person = new Person { Id = Guid.NewGuid(), Name = "Rhian", Phone = "+447700900123", NextCheckin = new DateOnly(2026, 3, 20), CreatedAt = TestStore.Start, UpdatedAt = TestStore.Start };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static InterviewRequest Request(Guid person, bool consent = true) =>
        new(person, "checkin", InterviewMode.InPerson, AnsweredBy.WithHelp, consent);

    private Task<InterviewStart> Start(InterviewRequest request, Guid? interviewer = null) => _store.InScope(sp =>
        sp.GetRequiredService<InterviewBook>().StartAsync(request, interviewer ?? Interviewer, "Pat Peer", BoardRole.PeerResearcher, CancellationToken.None));

    private Task<SaveOutcome> Save(Interview interview, string turnId, TurnResult result) => _store.InScope(sp =>
        sp.GetRequiredService<ConversationStore>().SaveTurnAsync(
            new ChannelAddress(Channel.Interview, interview.PersonId.ToString()), turnId, null, result, ["reply"], CancellationToken.None));

    /// <summary>The survey starts and the first question is answered, as the engine would on the interview channel.</summary>
    private async Task<Guid> StartAndAnswerAsync(Interview interview)
    {
        var session = Guid.NewGuid();
        Assert.Equal(SaveOutcome.Saved, await Save(interview, InterviewTurnIds.For(interview.Id, "a1"),
            Result(Session(session, TestStore.Start) with { Channel = Channel.Interview }, new SessionStarted(session, "checkin", 1, "en", null))));
        Assert.Equal(SaveOutcome.Saved, await Save(interview, InterviewTurnIds.For(interview.Id, "a2"),
            Result(Session(session, TestStore.Start, questionIndex: 1) with { Channel = Channel.Interview }, Answer(session, "happy", "four", "4"))));
        return session;
    }

    [Fact]
    public async Task StartAsync_RecordsWhoInterviewsWhomAndHow_AndAuditsIt()
    {
        var started = await Start(Request(_person.Id));

        Assert.Equal(InterviewStartStatus.Started, started.Status);
        var row = await _store.Db(db => db.Interviews.SingleAsync());
        Assert.Equal((_person.Id, Interviewer, BoardRole.PeerResearcher, InterviewMode.InPerson, AnsweredBy.WithHelp, true, InterviewStatus.InProgress, "checkin", 1),
            (row.PersonId, row.InterviewerId, row.InterviewerRole, row.Mode, row.AnsweredBy, row.Consent, row.Status, row.SurveyId, row.Version));
        var audit = await _store.Db(db => db.AuditEvents.SingleAsync(e => e.Action == "interview-started"));
        Assert.Equal(("Pat Peer", (Guid?)Interviewer), (audit.Actor, audit.AccountId));
        Assert.Contains(_person.Id.ToString(), audit.Detail);
        Assert.DoesNotContain("Rhian", audit.Detail);
    }

    [Fact]
    public async Task StartAsync_RefusesInPlainWords_WhenThePersonSaidStop()
    {
        await _store.Db(async db =>
        {
            await OptOutRegister.RecordAsync(db, _person.Phone, _person.Id, "STOP", null, TestStore.Start, CancellationToken.None);
            return await db.SaveChangesAsync();
        });

        var started = await Start(Request(_person.Id));

        Assert.Equal((InterviewStartStatus.Refused, InterviewBook.StoppedReason), (started.Status, started.Reason));
        Assert.Equal(0, await _store.Db(db => db.Interviews.CountAsync()));
    }

    [Fact]
    public async Task StartAsync_RefusesInPlainWords_WhenThePersonWasErased()
    {
        await _store.Db(db => db.People.Where(p => p.Id == _person.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.ErasedAt, TestStore.Start)));

        var started = await Start(Request(_person.Id));

        Assert.Equal((InterviewStartStatus.Refused, InterviewBook.ErasedReason), (started.Status, started.Reason));
    }

    [Fact]
    public async Task StartAsync_RefusesWithoutConsent_AndForSomeoneWeDoNotHold()
    {
        Assert.Equal(InterviewBook.NoConsentReason, (await Start(Request(_person.Id, consent: false))).Reason);
        Assert.Equal(InterviewStartStatus.NotFound, (await Start(Request(Guid.NewGuid()))).Status);
        Assert.Equal(0, await _store.Db(db => db.Interviews.CountAsync()));
    }

    [Fact]
    public async Task StartAsync_PressedFiveTimesAtOnce_LeavesOneInterview()
    {
        var starts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Start(Request(_person.Id))));

        Assert.All(starts, s => Assert.Equal(InterviewStartStatus.Started, s.Status));
        Assert.Single(starts.Select(s => s.Interview!.Id).Distinct());
        Assert.Equal(1, await _store.Db(db => db.Interviews.CountAsync()));
    }

    [Fact]
    public async Task StartAsync_RefusesASecondInterviewer_WhileTheFirstIsInProgress()
    {
        await Start(Request(_person.Id));

        var second = await Start(Request(_person.Id), interviewer: Guid.NewGuid());

        Assert.Equal((InterviewStartStatus.Refused, InterviewBook.BusyReason), (second.Status, second.Reason));
    }

    [Fact]
    public async Task InterviewTurns_LinkTheSession_AndRecordAnswersOnTheInterviewChannel()
    {
        var interview = (await Start(Request(_person.Id))).Interview!;

        var session = await StartAndAnswerAsync(interview);

        var (row, answer, people) = await _store.Db(async db => (await db.Interviews.SingleAsync(), await db.Answers.SingleAsync(), await db.People.CountAsync()));
        Assert.Equal(session, row.SessionId);
        Assert.Equal((Channel.Interview, _person.Id, "4"), (answer.Channel, answer.PersonId, answer.Value));
        Assert.Equal(1, people);
    }

    [Fact]
    public async Task TheSurveyFinishing_FinishesTheInterview_AndStoppingEndsIt()
    {
        var interview = (await Start(Request(_person.Id))).Interview!;
        var session = await StartAndAnswerAsync(interview);

        await Save(interview, InterviewTurnIds.For(interview.Id, "a3"),
            Result(Session(session, TestStore.Start, status: SessionStatus.Stopped) with { Channel = Channel.Interview }, new SessionEnded(session, SessionStatus.Stopped)));

        var row = await _store.Db(db => db.Interviews.SingleAsync());
        Assert.Equal((InterviewStatus.Ended, (DateTimeOffset?)TestStore.Start), (row.Status, row.EndedAt));
    }

    [Fact]
    public async Task AnInterviewAnsweringACheckinInvitation_CompletesIt_AndMovesTheNextCheckinOnAYear_AsATextWould()
    {
        var checkin = await InvitationAsync(InvitationKind.Checkin, "checkin", InvitationStatus.Sent);
        await InvitationAsync(InvitationKind.Round, "other-survey", InvitationStatus.Sent);
        var interview = (await Start(Request(_person.Id))).Interview!;

        var answered = await _store.InScope(sp => sp.GetRequiredService<InterviewBook>().InvitationAnsweredAsync(_person.Id, "checkin", CancellationToken.None));
        var session = Guid.NewGuid();
        await Save(interview, InterviewTurnIds.For(interview.Id, "b1"),
            Result(Session(session, TestStore.Start) with { Channel = Channel.Interview }, new SessionStarted(session, "checkin", 1, "en", answered)));
        await Save(interview, InterviewTurnIds.For(interview.Id, "b2"),
            Result(Session(session, TestStore.Start, status: SessionStatus.Completed) with { Channel = Channel.Interview }, Answer(session, "happy", "4", "4"), new SessionCompleted(session)));

        Assert.Equal(checkin, answered);
        var (invitation, person, row) = await _store.Db(async db => (await db.Invitations.SingleAsync(i => i.Id == checkin), await db.People.SingleAsync(p => p.Id == _person.Id), await db.Interviews.SingleAsync()));
        Assert.Equal(InvitationStatus.Completed, invitation.Status);
        Assert.Equal(new DateOnly(2027, 3, 20), person.NextCheckin);
        Assert.Equal(InterviewStatus.Completed, row.Status);
    }

    [Fact]
    public async Task InvitationAnswered_IsNone_WhenTheirInvitationForTheSurveyHasEndedOrIsForAnotherSurvey()
    {
        await InvitationAsync(InvitationKind.Checkin, "checkin", InvitationStatus.Expired);
        await InvitationAsync(InvitationKind.Round, "other-survey", InvitationStatus.Sent);

        var answered = await _store.InScope(sp => sp.GetRequiredService<InterviewBook>().InvitationAnsweredAsync(_person.Id, "checkin", CancellationToken.None));

        Assert.Null(answered);
    }

    private Task<Guid> InvitationAsync(InvitationKind kind, string surveyId, InvitationStatus status) => _store.Db(async db =>
    {
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(), IdempotencyKey = Guid.NewGuid().ToString("N"), Kind = kind, PersonId = _person.Id, SurveyId = surveyId, Version = 1,
            Channel = Channel.Sms, Status = status, Token = Guid.NewGuid().ToString("N"), NotBefore = TestStore.Start, ExpiresAt = TestStore.Start.AddDays(30),
            CheckinDate = kind == InvitationKind.Checkin ? new DateOnly(2026, 3, 20) : null, CreatedAt = TestStore.Start,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return invitation.Id;
    });

    [Fact]
    public async Task Export_SplitsInterviewsOut_WithTheirColumns()
    {
        var interview = (await Start(Request(_person.Id))).Interview!;
        await StartAndAnswerAsync(interview);

        var rows = await _store.InScope(async sp =>
        {
            var export = sp.GetRequiredService<ResultsExport>();
            var columns = (await export.ColumnsAsync("checkin", CancellationToken.None))!;
            var list = new List<ExportRow>();
            await foreach (var r in export.RowsAsync("checkin", new ExportFilter(), columns, CancellationToken.None)) list.Add(r);
            return list;
        });

        var row = Assert.Single(rows);
        Assert.Equal("interview", row.Channel);
        Assert.Equal(new ExportInterview(interview.Id, "peer-researcher", "in-person", "with-help", true), row.Interview);
        Assert.Equal(["interview", interview.Id.ToString(), "peer-researcher", "in-person", "with-help", "yes"], CsvExport.Cells(row).Skip(1).Take(1).Concat(CsvExport.Cells(row).Skip(4).Take(5)));
    }

    [Fact]
    public async Task PersonRecord_ListsTheirInterviews_WithWhoAskedThem()
    {
        var interview = (await Start(Request(_person.Id))).Interview!;

        var record = await _store.InScope(sp => new PersonRecords(sp.GetRequiredService<StoreDbContext>(), _store.Time).GatherAsync(_person.Id, "Morgan staff", CancellationToken.None));

        var held = Assert.Single(record!.Interviews);
        Assert.Equal((interview.Id, "(account removed)", "peer-researcher", "in-person", "with-help", true, "in-progress"),
            (held.Id, held.Interviewer, held.InterviewerRole, held.Mode, held.AnsweredBy, held.Consent, held.Status));
    }

    [Theory]
    [InlineData(PrivacyOptions.KeepAnonymous, 1)]
    [InlineData(PrivacyOptions.Delete, 0)]
    public async Task Erase_EndsOrDeletesTheirInterviews_AndForgetsWhatThePageShowed(string answers, int interviewsLeft)
    {
        var interview = (await Start(Request(_person.Id))).Interview!;
        await StartAndAnswerAsync(interview);

        await _store.InScope(sp => new PersonEraser(sp.GetRequiredService<StoreDbContext>(), Options.Create(new PrivacyOptions { ErasedAnswers = answers }),
            _store.Time, sp.GetRequiredService<StoreWriteGate>()).EraseAsync(_person.Id, "Morgan staff", CancellationToken.None));

        var (left, turns) = await _store.Db(async db => (await db.Interviews.ToListAsync(), await db.InboundMessages.CountAsync()));
        Assert.Equal(interviewsLeft, left.Count);
        Assert.All(left, i => Assert.Equal((InterviewStatus.Ended, (string?)null), (i.Status, i.LastTurnId)));
        Assert.Equal(0, turns);
    }

    public sealed class OnSqlite() : InterviewBookTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : InterviewBookTests(server.DatabaseFor<OnPostgres>());
}
