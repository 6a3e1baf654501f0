using CoProduction.Surveys.Review;

namespace CoProduction.Surveys.Tests.Review;

public sealed class LifeCycleTests
{
    [Theory]
    // A new version's words go back to the board, even after publishing (the published one stays live).
    [InlineData("import", SurveyStage.Draft, false, SurveyStage.Draft)]
    [InlineData("import", SurveyStage.Approved, false, SurveyStage.Draft)]
    [InlineData("import", SurveyStage.Published, false, SurveyStage.Draft)]
    // A retired survey is worked on again by importing a new version: a draft for the board.
    [InlineData("import", SurveyStage.Retired, false, SurveyStage.Draft)]
    [InlineData("submit", SurveyStage.Draft, false, SurveyStage.InReview)]
    [InlineData("submit", SurveyStage.InReview, false, SurveyStage.InReview)]
    [InlineData("submit", SurveyStage.Approved, false, SurveyStage.Approved)]
    [InlineData("approve", SurveyStage.Draft, false, SurveyStage.InReview)]
    [InlineData("approve", SurveyStage.Draft, true, SurveyStage.Approved)]
    [InlineData("approve", SurveyStage.InReview, false, SurveyStage.InReview)]
    [InlineData("approve", SurveyStage.InReview, true, SurveyStage.Approved)]
    [InlineData("approve", SurveyStage.Published, true, SurveyStage.Published)]
    [InlineData("approve", SurveyStage.Retired, true, SurveyStage.Retired)]
    public void Transitions_FollowDraftReviewApprovedPublishedRetired(string happened, SurveyStage from, bool quorumMet, SurveyStage expected)
    {
        var to = happened switch
        {
            "import" => LifeCycle.AfterImport(from),
            "submit" => LifeCycle.AfterSubmit(from),
            _ => LifeCycle.AfterApproval(from, quorumMet),
        };

        Assert.Equal(expected, to);
    }

    [Fact]
    public void Quorum_NeedsTwoApprovals_IncludingAnExpertByExperience_ByDefault()
    {
        var quorum = new Quorum();

        Assert.NotNull(quorum.Unmet([BoardRole.ExpertByExperience]));
        Assert.Contains("expert by experience", quorum.Unmet([BoardRole.Staff, BoardRole.FamilyCarer]));
        Assert.Null(quorum.Unmet([BoardRole.Staff, BoardRole.ExpertByExperience]));
        Assert.Null(quorum.Unmet([BoardRole.FamilyCarer, BoardRole.PeerResearcher]));
    }

    [Fact]
    public void Quorum_IsConfigurable()
    {
        var three = new Quorum(3, NeedsExpertByExperience: false);

        Assert.NotNull(three.Unmet([BoardRole.Staff, BoardRole.Staff]));
        Assert.Null(three.Unmet([BoardRole.Staff, BoardRole.Staff, BoardRole.FamilyCarer]));
    }

    [Fact]
    public void Retire_OnlyAPublishedSurvey()
    {
        Assert.NotNull(LifeCycle.CannotRetire(SurveyStage.Approved, publishedVersion: null));
        Assert.Null(LifeCycle.CannotRetire(SurveyStage.Published, publishedVersion: 1));
        Assert.NotNull(LifeCycle.CannotRetire(SurveyStage.Retired, publishedVersion: 1));
    }

    [Fact]
    public void PublishedWording_IsFrozen_ForReview()
    {
        Assert.NotNull(LifeCycle.ClosedForReview(SurveyStage.Published));
        Assert.NotNull(LifeCycle.ClosedForReview(SurveyStage.Retired));
        Assert.Null(LifeCycle.ClosedForReview(SurveyStage.InReview));
    }
}
