using CoProduction.Store.Accounts;
using CoProduction.Store.WebChat;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoProduction.Store.Model;

/// <summary>
/// The lengths of the text columns whose size is set by what fills them rather than by a form
/// field: what people send, documents the service writes (state, replies, counts, survey files),
/// and the tables of ASP.NET Core Identity and Data Protection. Every string column has a length
/// (tests/Bot.Tests/Safety/StringColumnTests checks it), so <see cref="StoredValueGuard"/> refuses
/// on SQLite exactly what PostgreSQL would.
/// </summary>
internal static class TextLimitsModel
{
    /// <summary>
    /// What a person sends in one turn, on any channel: Direct Line takes up to 4,000 characters
    /// (DirectLineActivityMapper.MaxTextLength), SMS and speech up to 1,600, so an answer is stored whole.
    /// </summary>
    public const int Answer = 4000;

    /// <summary>
    /// A document the service writes (JSON state, rendered replies, counts, a survey file): far
    /// above anything real, so it is a guard against a runaway value, never a limit a person meets.
    /// </summary>
    public const int Document = 1_048_576;

    /// <summary>Identity's stamps and hashes: a GUID, 32 Base32 characters, an 84-character password hash.</summary>
    private const int Stamp = 256;

    public static void Configure(ModelBuilder model)
    {
        model.Entity<Answer>(e =>
        {
            e.Property(a => a.Raw).HasMaxLength(Answer);
            e.Property(a => a.Value).HasMaxLength(Answer);
        });
        model.Entity<Session>().Property(s => s.StateJson).HasMaxLength(Document);
        model.Entity<BotStateItem>().Property(i => i.Json).HasMaxLength(Document);
        model.Entity<InboundMessage>().Property(m => m.RepliesJson).HasMaxLength(Document);
        model.Entity<OutboxMessage>().Property(m => m.Body).HasMaxLength(Document);
        model.Entity<ResultsRelease>().Property(r => r.CountsJson).HasMaxLength(Document);
        model.Entity<SurveyVersion>(e =>
        {
            e.Property(v => v.Yaml).HasMaxLength(Document);
            e.Property(v => v.KeywordsByLanguage).HasMaxLength(2000);
        });
        model.Entity<WebChatActivity>().Property(a => a.Json).HasMaxLength(Document);
        model.Entity<DataProtectionKey>(e =>
        {
            e.Property(k => k.FriendlyName).HasMaxLength(256);
            e.Property(k => k.Xml).HasMaxLength(Document);
        });
        IdentityTables(model);
    }

    private static void IdentityTables(ModelBuilder model)
    {
        model.Entity<Account>(e =>
        {
            e.Property(a => a.PasswordHash).HasMaxLength(Stamp);
            e.Property(a => a.SecurityStamp).HasMaxLength(Stamp);
            e.Property(a => a.ConcurrencyStamp).HasMaxLength(Stamp);
        });
        model.Entity<IdentityRole<Guid>>().Property(r => r.ConcurrencyStamp).HasMaxLength(Stamp);
        model.Entity<IdentityRoleClaim<Guid>>(e =>
        {
            e.Property(c => c.ClaimType).HasMaxLength(256);
            e.Property(c => c.ClaimValue).HasMaxLength(1000);
        });
        model.Entity<IdentityUserClaim<Guid>>(e =>
        {
            e.Property(c => c.ClaimType).HasMaxLength(256);
            e.Property(c => c.ClaimValue).HasMaxLength(1000);
        });
        model.Entity<IdentityUserLogin<Guid>>(e =>
        {
            e.Property(l => l.LoginProvider).HasMaxLength(128);
            e.Property(l => l.ProviderKey).HasMaxLength(128);
            e.Property(l => l.ProviderDisplayName).HasMaxLength(256);
        });
        model.Entity<IdentityUserToken<Guid>>(e =>
        {
            e.Property(t => t.LoginProvider).HasMaxLength(128);
            e.Property(t => t.Name).HasMaxLength(128);
            e.Property(t => t.Value).HasMaxLength(4000);
        });
    }
}
