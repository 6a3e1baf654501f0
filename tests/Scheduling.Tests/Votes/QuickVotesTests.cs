using CoProduction.Scheduling.Jobs;
using CoProduction.Scheduling.Tests.TestSupport;
using CoProduction.Scheduling.Votes;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Scheduling.Tests.Votes;

/// <summary>Quick votes from request to result, against the real store. Runs on SQLite and on PostgreSQL.</summary>
public abstract class QuickVotesTests(IStoreBackend backend) : IAsyncLifetime
{
    private Harness _h = null!;
    public async Task InitializeAsync() => _h = await Harness.CreateAsync(backend: backend);
    public async Task DisposeAsync() => await _h.DisposeAsync();

    private DateTimeOffset Closes => _h.Time.GetUtcNow().AddDays(2);

    private Task<VoteCreated> CreateAsync(VoteRequest request) => _h.Run(sp => sp.GetRequiredService<QuickVotes>().CreateAsync(request, default));
    private Task<VoteOpening> OpenAsync(Guid id) => _h.Run(sp => sp.GetRequiredService<QuickVotes>().OpenAsync(id, default));
    private Task<VoteState?> StateAsync(Guid id) => _h.Run(sp => sp.GetRequiredService<QuickVotes>().GetAsync(id, default));
    private Task<bool> CloseAsync(Guid id) => _h.Run(sp => sp.GetRequiredService<VoteClosingJob>().RunAsync(id, default));

    private VoteRequest Lounge => new("Which colour for the lounge?", ["Blue", "Green", "Yellow"], ["homes"], Closes);

    public static TheoryData<string?, string[]?, string[]?, int?, string> Refused => new()
    {
        // question, options, groups, closes in hours from now (null: none), what the problem says
        { null, ["Blue", "Green"], ["homes"], 48, "Say what the vote asks" },
        { "   ", ["Blue", "Green"], ["homes"], 48, "Say what the vote asks" },
        { new string('a', 161), ["Blue", "Green"], ["homes"], 48, "at most 160 letters" },
        { "Colour?", ["Blue"], ["homes"], 48, "2 to 6 options" },
        { "Colour?", ["1", "2", "3", "4", "5", "6", "7"], ["homes"], 48, "2 to 6 options" },
        { "Colour?", null, ["homes"], 48, "2 to 6 options" },
        { "Colour?", ["Blue", " "], ["homes"], 48, "Every option needs some words" },
        { "Colour?", ["Blue", "blue"], ["homes"], 48, "Two options have the same words" },
        { "Colour?", ["Blue", new string('b', 41)], ["homes"], 48, "at most 40 letters" },
        { "Colour?", ["Blue", "Green"], [], 48, "Say which groups" },
        { "Colour?", ["Blue", "Green"], ["a;b"], 48, "cannot contain ';'" },
        { "Colour?", ["Blue", "Green"], ["homes"], null, "Say when the vote closes" },
        { "Colour?", ["Blue", "Green"], ["homes"], -1, "already passed" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Create_RefusesWhatCannotBeAVote_AndSavesNothing(string? question, string[]? options, string[]? groups, int? hours, string problem)
    {
        var surveys = await _h.Db(db => db.Surveys.CountAsync());
        var created = await CreateAsync(new VoteRequest(question, options, groups, hours is { } h ? _h.Time.GetUtcNow().AddHours(h) : null));

        Assert.False(created.Succeeded);
        Assert.Contains(created.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Equal(surveys, await _h.Db(db => db.Surveys.CountAsync()));
        Assert.Equal(0, await _h.Db(db => db.QuickVotes.CountAsync()));
    }

    public static TheoryData<string?, string[]?, string> RefusedWelsh => new()
    {
        // the Welsh question, the Welsh options (the vote has Blue, Green, Yellow), what the problem says
        { null, ["Glas", "Gwyrdd", "Melyn"], "Say what the vote asks in Welsh" },
        { " ", ["Glas", "Gwyrdd", "Melyn"], "Say what the vote asks in Welsh" },
        { new string('a', 161), ["Glas", "Gwyrdd", "Melyn"], "The question in Welsh can be at most 160 letters" },
        { "Pa liw?", null, "has 0, the vote has 3" },
        { "Pa liw?", ["Glas", "Gwyrdd"], "has 2, the vote has 3" },
        { "Pa liw?", ["Glas", "Gwyrdd", "Melyn", "Coch"], "has 4, the vote has 3" },
        { "Pa liw?", ["Glas", "", "Melyn"], "Every option in Welsh needs some words" },
        { "Pa liw?", ["Glas", "glas", "Melyn"], "Two options in Welsh have the same words" },
        { "Pa liw?", ["Glas", new string('g', 41), "Melyn"], "An option in Welsh can be at most 40 letters" },
    };

    [Theory]
    [MemberData(nameof(RefusedWelsh))]
    public async Task Create_RefusesWelshWordingThatDoesNotMatchTheVote_AndSavesNothing(string? question, string[]? options, string problem)
    {
        var surveys = await _h.Db(db => db.Surveys.CountAsync());
        var created = await CreateAsync(Lounge with { Cy = new VoteWelsh(question, options) });

        Assert.False(created.Succeeded);
        Assert.Contains(created.Problems, p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Equal(surveys, await _h.Db(db => db.Surveys.CountAsync()));
        Assert.Equal(0, await _h.Db(db => db.QuickVotes.CountAsync()));
    }

    [Fact]
    public async Task AVote_WithWelshWording_IsASurveyInEnglishAndWelsh()
    {
        var id = (await CreateAsync(Lounge with { Cy = new VoteWelsh(" Pa liw i'r lolfa? ", ["Glas", "Gwyrdd", "Melyn"]) })).Id!.Value;

        var state = (await StateAsync(id))!;
        Assert.Equal("Which colour for the lounge?", state.Question);
        Assert.Equal("Pa liw i'r lolfa?", state.Cy!.Question);
        Assert.Equal(["Glas", "Gwyrdd", "Melyn"], state.Cy.Options!.ToList());
        var survey = await _h.Run(sp => sp.GetRequiredService<CoProduction.Store.Results.ResultsQuery>().DefinitionAsync(state.Survey, 1, default));
        Assert.Equal(["en", "cy"], survey!.Languages);
        Assert.Equal("Pleidlais: Pa liw i'r lolfa?", survey.TitleIn("cy"));
        Assert.Equal("Gwyrdd", survey.Questions[0].Options[1].Text.Get("cy"));
        // Without Welsh, a vote is in English alone and says so.
        Assert.Null((await StateAsync((await CreateAsync(Lounge)).Id!.Value))!.Cy);
    }

    [Fact]
    public async Task AVote_IsAOneQuestionSurvey_PutToItsGroupsAsARound()
    {
        var id = (await CreateAsync(Lounge)).Id!.Value;
        var opening = await OpenAsync(id);

        Assert.True(opening.JustOpened);
        var state = (await StateAsync(id))!;
        Assert.Equal("open", state.State);
        Assert.Equal(["Blue", "Green", "Yellow"], state.Options.Select(o => o.Text).ToList());
        var round = await _h.Db(db => db.Rounds.AsNoTracking().SingleAsync(r => r.Id == opening.Round));
        Assert.Equal(state.Survey, round.SurveyId);
        Assert.Equal("homes", round.Groups);
    }

    [Fact]
    public async Task Opening_TwiceAtOnce_KeepsOneRound()
    {
        var id = (await CreateAsync(Lounge)).Id!.Value;
        var openings = await Task.WhenAll(OpenAsync(id), OpenAsync(id), OpenAsync(id));

        Assert.Single(openings, o => o.JustOpened);
        Assert.Single(openings.Select(o => o.Round).Distinct());
        Assert.Equal(1, await _h.Db(db => db.Rounds.CountAsync(r => r.SurveyId != "checkin")));
    }

    [Fact]
    public async Task Closing_SendsTheResultToEveryoneWhoVoted_Once()
    {
        await _h.ImportAsync("phone,groups\n" + string.Concat(Enumerable.Range(0, 21).Select(i => $"07700 900{600 + i},homes\n")));
        var id = (await CreateAsync(Lounge)).Id!.Value;
        var round = (await OpenAsync(id)).Round!.Value;
        await _h.RoundInvitationsAsync(round);
        var invitations = await _h.InvitationsAsync();
        // 3 Blue, 12 Green, 5 Yellow; one person never votes.
        var choices = Enumerable.Repeat("o1", 3).Concat(Enumerable.Repeat("o2", 12)).Concat(Enumerable.Repeat("o3", 5)).ToList();
        for (var i = 0; i < choices.Count; i++) await _h.AnswerAsync(invitations[i], QuickVotes.QuestionId, choices[i]);

        Assert.False(await CloseAsync(id));
        _h.Time.Advance(TimeSpan.FromDays(2));
        // The scheduled job and the safety-net run at once, on two servers.
        await Task.WhenAll(CloseAsync(id), CloseAsync(id), _h.Run(sp => sp.GetRequiredService<VoteClosingJob>().RunDueAsync(default)));
        await _h.DispatchAsync();

        var results = _h.Starter.Starts.Where(s => s.Start.Kind == InvitationKind.Results).ToList();
        Assert.Equal(20, results.Count);
        Assert.Equal(20, results.Select(s => s.Start.PersonId).Distinct().Count());
        Assert.DoesNotContain(results, s => s.Start.PersonId == invitations[20].PersonId);
        var state = (await StateAsync(id))!;
        Assert.Equal("closed", state.State);
        Assert.Equal([3, 12, 5], state.Options.Select(o => o.Votes).ToList());
        Assert.Equal(20, state.Votes);
    }

    public sealed class OnSqlite() : QuickVotesTests(SqliteBackend.Instance);

    [Collection(PostgresCollection.Name)]
    public sealed class OnPostgres(PostgresServer server) : QuickVotesTests(server.DatabaseFor<OnPostgres>());
}
