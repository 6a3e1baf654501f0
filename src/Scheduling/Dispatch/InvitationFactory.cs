using CoProduction.Store.Model;
using CoProduction.Surveys.Definitions;

namespace CoProduction.Scheduling.Dispatch;

/// <summary>New invitation rows and their idempotency keys, the same for every job that makes them.</summary>
internal static class InvitationFactory
{
    public static string RoundKey(Guid roundId, Guid personId) => $"round:{roundId:N}:{personId:N}";

    public static string CheckinKey(Guid personId, DateOnly date) => $"checkin:{personId:N}:{date:yyyy-MM-dd}";

    public static Invitation New(
        string key, InvitationKind kind, Guid? roundId, Guid personId, string surveyId, int version, Channel channel,
        DateTimeOffset notBefore, DateTimeOffset expiresAt, DateTimeOffset now, DateOnly? checkinDate = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        IdempotencyKey = key,
        Kind = kind,
        RoundId = roundId,
        PersonId = personId,
        SurveyId = surveyId,
        Version = version,
        Channel = channel,
        Status = InvitationStatus.Pending,
        // A texted link nobody can guess or walk (see InvitationTokens).
        Token = InvitationTokens.New(now),
        NotBefore = notBefore,
        ExpiresAt = expiresAt,
        CheckinDate = checkinDate,
        CreatedAt = now,
    };
}
