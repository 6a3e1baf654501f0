using CoProduction.Store.FreeText;
using CoProduction.Store;
using CoProduction.Store.Accounts;
using CoProduction.Store.Limits;
using CoProduction.Store.Model;
using CoProduction.Store.WebChat;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// Every string column of the store, read from the EF model, has a length, and is either sent at
/// its longest by a row of <see cref="FieldLengthCases"/> or listed here as written only by the
/// service, with the reason. A new string column fails this test, by name, until it is one or the other.
/// </summary>
public sealed class StringColumnTests
{
    /// <summary>
    /// Columns no request fills with a value of its own choosing, and why; where the value comes
    /// from something with a limit of its own, the column must hold at least that much.
    /// </summary>
    /// <summary>The survey parser's longest survey or question id (its Identifiers.MaxLength, internal to Surveys).</summary>
    private const int IdLength = 64;

    /// <summary>The longest max_length a text question may have (QuestionReader.MaxTextLength, internal to Surveys).</summary>
    private const int TextAnswerLength = 1600;

    private static readonly (Type Entity, string Property, string Why, int? MustHold)[] WrittenByTheService =
    [
        (typeof(Account), nameof(Account.PasswordHash), "a hash of the password (84 characters)", 84),
        (typeof(Account), nameof(Account.SecurityStamp), "made by Identity", null),
        (typeof(Account), nameof(Account.ConcurrencyStamp), "made by Identity", null),
        (typeof(IdentityRole<Guid>), nameof(IdentityRole<Guid>.Name), "the four roles, seeded", null),
        (typeof(IdentityRole<Guid>), nameof(IdentityRole<Guid>.NormalizedName), "the four roles, seeded", null),
        (typeof(IdentityRole<Guid>), nameof(IdentityRole<Guid>.ConcurrencyStamp), "the four roles, seeded", null),
        (typeof(IdentityRoleClaim<Guid>), nameof(IdentityRoleClaim<Guid>.ClaimType), "Identity's table, unused", null),
        (typeof(IdentityRoleClaim<Guid>), nameof(IdentityRoleClaim<Guid>.ClaimValue), "Identity's table, unused", null),
        (typeof(IdentityUserClaim<Guid>), nameof(IdentityUserClaim<Guid>.ClaimType), "Identity's table, unused", null),
        (typeof(IdentityUserClaim<Guid>), nameof(IdentityUserClaim<Guid>.ClaimValue), "Identity's table, unused", null),
        (typeof(IdentityUserLogin<Guid>), nameof(IdentityUserLogin<Guid>.LoginProvider), "Identity's table, unused (no outside sign-in)", null),
        (typeof(IdentityUserLogin<Guid>), nameof(IdentityUserLogin<Guid>.ProviderKey), "Identity's table, unused (no outside sign-in)", null),
        (typeof(IdentityUserLogin<Guid>), nameof(IdentityUserLogin<Guid>.ProviderDisplayName), "Identity's table, unused (no outside sign-in)", null),
        (typeof(IdentityUserToken<Guid>), nameof(IdentityUserToken<Guid>.LoginProvider), "Identity's table, unused", null),
        (typeof(IdentityUserToken<Guid>), nameof(IdentityUserToken<Guid>.Name), "Identity's table, unused", null),
        (typeof(IdentityUserToken<Guid>), nameof(IdentityUserToken<Guid>.Value), "Identity's table, unused", null),
        (typeof(DataProtectionKey), nameof(DataProtectionKey.FriendlyName), "the key ring, written by Data Protection", null),
        (typeof(DataProtectionKey), nameof(DataProtectionKey.Xml), "the key ring, written by Data Protection", null),
        (typeof(SignInLink), nameof(SignInLink.TokenHash), "a SHA-256 hash, 64 hex digits", 64),
        (typeof(SignInLink), nameof(SignInLink.CodeHash), "a SHA-256 hash, 64 hex digits", 64),
        (typeof(ApiKey), nameof(ApiKey.Hash), "a SHA-256 hash, 64 hex digits", 64),
        (typeof(ApiKey), nameof(ApiKey.Prefix), "the first characters of a key we made", null),
        (typeof(ApiKey), nameof(ApiKey.Role), "one of the roles, checked before it is stored", null),
        (typeof(AuditEvent), nameof(AuditEvent.Action), "one of our own action names", null),
        (typeof(AuditEvent), nameof(AuditEvent.Actor), "the display name of who signed in (an account name)", 200),
        (typeof(AuditEvent), nameof(AuditEvent.Detail), "our own sentence, with names already held to their columns", null),
        (typeof(RateCounter), nameof(RateCounter.Key), "our own key for a limit", null),
        (typeof(SendPace), nameof(SendPace.Number), "one of our own sending numbers", null),
        (typeof(SendHandOver), nameof(SendHandOver.Number), "one of our own sending numbers", null),
        (typeof(AnswerTag), nameof(AnswerTag.SurveyId), "the survey of an answer that exists", IdLength),
        (typeof(AnswerTag), nameof(AnswerTag.TaggedBy), "the display name of who signed in (an account name)", 200),
        (typeof(CoProduction.Store.Interviews.Interview), nameof(CoProduction.Store.Interviews.Interview.SurveyId), "a published survey picked from a list", IdLength),
        (typeof(CoProduction.Store.Interviews.Interview), nameof(CoProduction.Store.Interviews.Interview.LastTurnId), "a turn id we made (InterviewTurnIds)",
            CoProduction.Store.Interviews.InterviewTurnIds.MaxLength),
        (typeof(Quote), nameof(Quote.SurveyId), "copied from the answer chosen", IdLength),
        (typeof(Quote), nameof(Quote.QuestionId), "copied from the answer chosen", IdLength),
        (typeof(Quote), nameof(Quote.ChosenBy), "the display name of who signed in (an account name)", 200),
        (typeof(Quote), nameof(Quote.ApprovedBy), "the display name of who signed in (an account name)", 200),
        (typeof(Quote), nameof(Quote.Flags), "the kinds the personal-data check found, our own words", null),
        (typeof(Theme), nameof(Theme.SurveyId), "a survey that exists", IdLength),
        (typeof(Theme), nameof(Theme.NameKey), "the theme's name folded for comparing; never longer than the name", FreeTextLimits.ThemeName),
        (typeof(OptOut), nameof(OptOut.PhoneHash), "a SHA-256 hash of the number, 64 hex digits", 64),
        (typeof(QuickVote), nameof(QuickVote.SurveyId), "made by the service: vote- and 12 hex digits", 17),
        (typeof(Answer), nameof(Answer.SurveyId), "copied from the survey", IdLength),
        (typeof(Answer), nameof(Answer.QuestionId), "a question id from the survey file, held to Identifiers.MaxLength by the parser", IdLength),
        (typeof(Answer), nameof(Answer.Value), "the understood value: a number, option id, date, or a text answer held to the question's max_length",
            TextAnswerLength),
        (typeof(Approval), nameof(Approval.SurveyId), "a survey that exists", IdLength),
        (typeof(Approval), nameof(Approval.Note), "set from configuration only; no request sends a note", null),
        (typeof(BotStateItem), nameof(BotStateItem.Key), "Bot Framework's state key, from a channel id and a conversation id that are held to their limits", null),
        (typeof(BotStateItem), nameof(BotStateItem.ETag), "made by the store", null),
        (typeof(BotStateItem), nameof(BotStateItem.Json), "the bot's own state", null),
        (typeof(ConfusingFlag), nameof(ConfusingFlag.SurveyId), "a survey that exists", IdLength),
        (typeof(ConfusingFlag), nameof(ConfusingFlag.QuestionId), "a question that exists in the survey", IdLength),
        (typeof(ExportRecord), nameof(ExportRecord.SurveyId), "a survey that exists", IdLength),
        (typeof(ExportRecord), nameof(ExportRecord.Who), "who signed in, cut to the column", null),
        (typeof(ExportRecord), nameof(ExportRecord.Format), "csv or xlsx, checked before it is stored", null),
        (typeof(InboundMessage), nameof(InboundMessage.RepliesJson), "the replies we rendered", null),
        (typeof(Invitation), nameof(Invitation.IdempotencyKey), "made from a round and a person", null),
        (typeof(Invitation), nameof(Invitation.SurveyId), "a survey that exists", IdLength),
        (typeof(Invitation), nameof(Invitation.Token), "a random token we made", null),
        (typeof(Invitation), nameof(Invitation.ProviderId), "Twilio's id for a message we sent", null),
        (typeof(Invitation), nameof(Invitation.LastError), "our own sentence, cut to the column", null),
        (typeof(Invitation), nameof(Invitation.UnsentTexts), "texts we rendered and could not send yet", null),
        (typeof(OptOut), nameof(OptOut.OurNumber), "one of our own numbers (Twilio's To, a possible E.164 number)", 16),
        (typeof(OptOut), nameof(OptOut.Keyword), "the canonical keyword, never the raw text", null),
        (typeof(OptOut), nameof(OptOut.EndedKeyword), "the canonical keyword, never the raw text", null),
        (typeof(OutboxMessage), nameof(OutboxMessage.To), "a person's number or web user id", 256),
        (typeof(OutboxMessage), nameof(OutboxMessage.Body), "what we send", null),
        (typeof(PilotRun), nameof(PilotRun.SurveyId), "a survey that exists", IdLength),
        (typeof(ResultsRelease), nameof(ResultsRelease.SurveyId), "a survey that exists", IdLength),
        (typeof(ResultsRelease), nameof(ResultsRelease.Scope), "'all' or a round id", null),
        (typeof(ResultsRelease), nameof(ResultsRelease.CountsJson), "the counts we made", null),
        (typeof(ReviewComment), nameof(ReviewComment.SurveyId), "a survey that exists", IdLength),
        (typeof(ReviewComment), nameof(ReviewComment.QuestionId), "a question that exists in the survey", IdLength),
        (typeof(ReviewEvent), nameof(ReviewEvent.SurveyId), "a survey that exists", IdLength),
        (typeof(ReviewEvent), nameof(ReviewEvent.Action), "one of our own action names", null),
        (typeof(ReviewEvent), nameof(ReviewEvent.Detail), "our own sentence, cut to the column", null),
        (typeof(Round), nameof(Round.SurveyId), "a published survey that exists", IdLength),
        (typeof(Session), nameof(Session.SurveyId), "a survey that exists", IdLength),
        (typeof(Session), nameof(Session.StateJson), "the engine's state, with answers already held to their limits", null),
        (typeof(SurveyAction), nameof(SurveyAction.SurveyId), "a survey that exists", IdLength),
        (typeof(SurveyAction), nameof(SurveyAction.QuestionId), "a question that exists in the survey", IdLength),
        (typeof(SurveyAction), nameof(SurveyAction.Fingerprint), "a hash we made", null),
        (typeof(SurveyVersion), nameof(SurveyVersion.Yaml), "the survey file, held to SurveyFileParser.MaxFileCharacters",
            CoProduction.Surveys.Loading.SurveyFileParser.MaxFileCharacters),
        (typeof(SurveyVersion), nameof(SurveyVersion.KeywordsByLanguage), "keywords held to KeywordReader.MaxLength, as JSON", null),
        (typeof(WordingProposal), nameof(WordingProposal.SurveyId), "a survey that exists", IdLength),
        (typeof(WordingProposal), nameof(WordingProposal.QuestionId), "a question that exists in the survey", IdLength),
        (typeof(WordingProposal), nameof(WordingProposal.Language), "one of the survey's languages", null),
        (typeof(WebChatActivity), nameof(WebChatActivity.ConversationId), "a conversation id we made", null),
        (typeof(WebChatActivity), nameof(WebChatActivity.Json), "an activity, held to the Direct Line body limit (64 KB) or written by the bot",
            (int)CoProduction.Channels.DirectLine.DirectLineEndpoints.MaxActivityBody),
        (typeof(WebChatConversation), nameof(WebChatConversation.Id), "a conversation id we made", null),
        (typeof(WebChatMember), nameof(WebChatMember.ConversationId), "a conversation id we made", null),
        (typeof(WebChatMember), nameof(WebChatMember.MemberId), "the conversation's user id (held to 256 by the token endpoint) or the bot's", 256),
    ];

    private static List<(IEntityType Type, IProperty Property)> StringColumns()
    {
        using var db = new StoreDbContext(new DbContextOptionsBuilder<StoreDbContext>().UseSqlite("Data Source=:memory:").Options);
        // A type kept as JSON inside another's column (Identity's passkey data) has no columns of its
        // own: its strings are parts of one document, held to their limits where they come in
        // (a passkey's name: PasskeysModel.MaxNameLength).
        return db.Model.GetEntityTypes().Where(t => !t.IsMappedToJson())
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(c => (c.Property.GetValueConverter()?.ProviderClrType ?? c.Property.ClrType) == typeof(string))
            .ToList();
    }

    private static string Name(Type entity, string property) => $"{entity.Name}.{property}";

    [Fact]
    public void EveryStringColumn_HasAMaximumLength()
    {
        var unbounded = StringColumns().Where(c => c.Property.GetMaxLength() is null).Select(c => Name(c.Type.ClrType, c.Property.Name)).ToList();

        Assert.True(unbounded.Count == 0, "These string columns have no length (HasMaxLength in the model): " + string.Join(", ", unbounded));
    }

    [Fact]
    public void EveryStringColumn_IsSentAtItsLongest_OrListedAsWrittenByTheServiceWithAReason()
    {
        var covered = FieldLengthCases.All.Values.SelectMany(c => c.Columns).Select(c => Name(c.Entity, c.Property)).ToHashSet();
        var service = WrittenByTheService.ToDictionary(c => Name(c.Entity, c.Property));

        var missing = StringColumns().Select(c => Name(c.Type.ClrType, c.Property.Name)).Where(n => !covered.Contains(n) && !service.ContainsKey(n)).ToList();

        Assert.True(missing.Count == 0, "Add a row to FieldLengthCases for each field that reaches these columns, or list them in "
            + "StringColumnTests.WrittenByTheService with the reason no request chooses their value: " + string.Join(", ", missing));
    }

    [Fact]
    public void ColumnsFilledFromSomethingWithALimit_HoldAtLeastThatLimit()
    {
        var columns = StringColumns().ToDictionary(c => Name(c.Type.ClrType, c.Property.Name), c => c.Property.GetMaxLength());

        var tooShort = WrittenByTheService.Where(c => c.MustHold is { } need && columns.GetValueOrDefault(Name(c.Entity, c.Property)) < need)
            .Select(c => $"{Name(c.Entity, c.Property)} holds {columns.GetValueOrDefault(Name(c.Entity, c.Property))} but {c.Why} ({c.MustHold})").ToList();
        var stale = WrittenByTheService.Select(c => Name(c.Entity, c.Property)).Where(n => !columns.ContainsKey(n)).ToList();

        Assert.True(tooShort.Count == 0, string.Join("; ", tooShort));
        Assert.True(stale.Count == 0, "Listed but no longer string columns of the model: " + string.Join(", ", stale));
    }
}
