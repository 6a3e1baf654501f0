using CoProduction.Surveys.Review;

namespace CoProduction.Surveys.Tests.Review;

public sealed class LifeCycleTests
{
    [Theory]
    [InlineData(false, 1, null, false, false, SurveyStage.Draft)]
    [InlineData(false, 1, null, true, false, SurveyStage.InReview)]
    [InlineData(false, 1, null, true, true, SurveyStage.Approved)]
    [InlineData(false, 1, 1, true, true, SurveyStage.Published)]
    // A new wording after publishing is a new version: it goes back to review while v1 stays live.
    [InlineData(false, 2, 1, true, false, SurveyStage.InReview)]
    [InlineData(false, 2, 1, false, false, SurveyStage.Draft)]
    [InlineData(true, 1, 1, true, true, SurveyStage.Retired)]
    public void StageOf_FollowsDraftReviewApprovedPublishedRetired(bool retired, int latest, int? published, bool requested, bool quorum, SurveyStage expected)
    {
        Assert.Equal(expected, LifeCycle.StageOf(retired, latest, published, requested, quorum));
    }

    [Theory]
    [InlineData(SurveyStage.Draft, false)]
    [InlineData(SurveyStage.InReview, false)]
    [InlineData(SurveyStage.Approved, true)]
    [InlineData(SurveyStage.Published, true)]
    public void Publish_IsAllowedOnlyOnceApproved(SurveyStage stage, bool allowed)
    {
        Assert.Equal(allowed, LifeCycle.CannotPublish(stage, allowed ? null : "not yet") is null);
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
