namespace CoProduction.Scheduling.Votes;

/// <summary>The body of POST /api/votes; <paramref name="Cy"/> is optional: the Welsh wording, for people whose language is Welsh.</summary>
public sealed record VoteRequest(string? Question, IReadOnlyList<string?>? Options, IReadOnlyList<string?>? Groups, DateTimeOffset? Closes, VoteWelsh? Cy = null);

/// <summary>The vote's question and options in Welsh, the options in the same order as the English ones.</summary>
public sealed record VoteWelsh(string? Question, IReadOnlyList<string?>? Options);

/// <summary>How a vote was made: its id, or the problems in plain English (nothing is saved then).</summary>
public sealed record VoteCreated(Guid? Id, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Id is not null;
}

/// <summary>Where a vote is and how it went, as GET /api/votes/{id} shows it to staff (whole counts).</summary>
public sealed record VoteState(
    Guid Id,
    string Survey,
    string State,
    string Question,
    IReadOnlyList<VoteOption> Options,
    int Votes,
    DateTimeOffset Closes,
    Guid? Round,
    string? Waiting,
    VoteWelsh? Cy);

public sealed record VoteOption(string Id, string Text, int Votes);
