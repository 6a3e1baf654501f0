using System.Text.Json;
using CoProduction.Store.Accounts;
using CoProduction.Store.Limits;
using CoProduction.Store.Model;
using CoProduction.Store.Setup;
using CoProduction.Store.WebChat;
using CoProduction.Surveys.Definitions;
using CoProduction.Surveys.Engine;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoProduction.Store;

/// <summary>
/// The shared store. This context is also the repository: services query it directly.
/// This class is the SQLite context (its migrations are in Migrations/Sqlite);
/// <see cref="PostgresStoreDbContext"/> derives from it with its own migrations, because EF keeps
/// one migrations history per context type and the two providers need different SQL.
/// Accounts are ASP.NET Core Identity's tables in the same store, so a board member's approval
/// and the account that signed in are checked in one database.
/// </summary>
public partial class StoreDbContext : IdentityDbContext<Account, IdentityRole<Guid>, Guid>
{
    public StoreDbContext(DbContextOptions<StoreDbContext> options) : base(options) { }

    /// <summary>For provider-specific derived contexts, which need their own options type.</summary>
    protected StoreDbContext(DbContextOptions options) : base(options) { }

    protected override void OnConfiguring(DbContextOptionsBuilder options) => IdentitySchema.Use(options);

    public DbSet<Person> People => Set<Person>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyVersion> SurveyVersions => Set<SurveyVersion>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<BotStateItem> BotStateItems => Set<BotStateItem>();
    public DbSet<BoardMember> BoardMembers => Set<BoardMember>();
    public DbSet<Approval> Approvals => Set<Approval>();
    public DbSet<WordingProposal> WordingProposals => Set<WordingProposal>();
    public DbSet<ProposalVote> ProposalVotes => Set<ProposalVote>();
    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();
    public DbSet<ConfusingFlag> ConfusingFlags => Set<ConfusingFlag>();
    public DbSet<ReviewEvent> ReviewEvents => Set<ReviewEvent>();
    public DbSet<WordListEntry> WordListEntries => Set<WordListEntry>();
    public DbSet<PilotRun> PilotRuns => Set<PilotRun>();
    public DbSet<PersonGroup> PersonGroups => Set<PersonGroup>();
    public DbSet<Round> Rounds => Set<Round>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<SignInLink> SignInLinks => Set<SignInLink>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<SurveyAction> SurveyActions => Set<SurveyAction>();
    public DbSet<ResultsRelease> ResultsReleases => Set<ResultsRelease>();
    public DbSet<QuickVote> QuickVotes => Set<QuickVote>();
    public DbSet<ExportRecord> ExportRecords => Set<ExportRecord>();
    public DbSet<DisclosureSetting> DisclosureSettings => Set<DisclosureSetting>();
    public DbSet<WebChatConversation> WebChatConversations => Set<WebChatConversation>();
    public DbSet<WebChatActivity> WebChatActivities => Set<WebChatActivity>();
    public DbSet<WebChatMember> WebChatMembers => Set<WebChatMember>();
    public DbSet<RateCounter> RateCounters => Set<RateCounter>();
    public DbSet<SendPace> SendPaces => Set<SendPace>();
    public DbSet<SendHandOver> SendHandOvers => Set<SendHandOver>();
    public DbSet<Interviews.Interview> Interviews => Set<Interviews.Interview>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Strings, not numbers: the rows stay readable in a database browser and a reordered
        // enum cannot silently change what old rows mean.
        builder.Properties<Channel>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<SessionStatus>().HaveConversion<string>().HaveMaxLength(24);
        builder.Properties<AnswerStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<SurveyStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<CoProduction.Surveys.Review.SurveyStage>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<CoProduction.Surveys.Review.BoardRole>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<CoProduction.Surveys.Review.WordingVariant>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<ProposalStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<WordListKind>().HaveConversion<string>().HaveMaxLength(16);
        SchedulingModel.ConfigureConventions(builder);
        ResultsModel.ConfigureConventions(builder);
        AnswersModel.ConfigureConventions(builder);

        // Every point in time kept as UTC and read back as UTC, on both providers (UtcTimestamps). SQLite has
        // no date type: EF stores DateTimeOffset as text, which it cannot order or compare in SQL; a sortable
        // integer keeps "latest session" and similar queries in SQL.
        if (Database.IsSqlite())
        {
            builder.Properties<DateTimeOffset>().HaveConversion<UtcTimestamps.ToSortableInteger>();
        }
        else
        {
            builder.Properties<DateTimeOffset>().HaveConversion<UtcTimestamps.ToUtc>();
        }
    }

    /// <summary>
    /// The catalog stamp's triggers on a table the catalog is built from (created by the CatalogStamp migration, and on
    /// PostgreSQL the lock taken first by the CatalogStampLockedFirst migration), declared
    /// so that EF knows the table has them: on SQLite it then saves to it without RETURNING, which AFTER triggers do not
    /// go with.
    /// </summary>
    private void HasCatalogStampTriggers<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> entity, string table) where T : class =>
        entity.ToTable(t =>
        {
            var names = Database.IsSqlite()
                ? Migrations.CatalogStampTriggers.SqliteNames(table)
                : [Migrations.CatalogStampTriggers.PostgresName, Migrations.CatalogStampTriggers.PostgresName + "Truncated", Migrations.CatalogStampTriggers.PostgresLockFirstName];
            foreach (var name in names) t.HasTrigger(name);
        });

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.Entity<Person>(e =>
        {
            e.Property(p => p.Phone).HasMaxLength(20);
            e.Property(p => p.WebUserId).HasMaxLength(256); // A Direct Line user id: the edge takes up to 256 characters.
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Language).HasMaxLength(16);
            e.Property(p => p.TimeZone).HasMaxLength(64);
            // Filtered so that many people without a phone (web only) do not collide on NULL
            // in providers that treat NULLs as equal in unique indexes.
            e.HasIndex(p => p.Phone).IsUnique().HasFilter(Filter("Phone"));
            e.HasIndex(p => p.WebUserId).IsUnique().HasFilter(Filter("WebUserId"));
            e.HasIndex(p => p.NextCheckin);
        });

        model.Entity<Survey>(e =>
        {
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.Title).HasMaxLength(200);
            e.Property(s => s.Keyword).HasMaxLength(32);
            HasCatalogStampTriggers(e, "Surveys");
        });

        model.Entity<SurveyVersion>(e =>
        {
            e.HasKey(v => new { v.SurveyId, v.Version });
            HasCatalogStampTriggers(e, "SurveyVersions");
            e.Property(v => v.SurveyId).HasMaxLength(64);
            e.Property(v => v.Keyword).HasMaxLength(32);
            e.Property(v => v.KeywordsByLanguage)
                .HasConversion(
                    d => JsonSerializer.Serialize(d, (JsonSerializerOptions?)null),
                    s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, (JsonSerializerOptions?)null) ?? new())
                .Metadata.SetValueComparer(new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    d => d.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                    d => new Dictionary<string, string>(d)));
            e.HasOne<Survey>().WithMany().HasForeignKey(v => v.SurveyId);
        });

        // One row, changed by the database's own triggers whenever a survey or a version changes (CatalogStampTriggers).
        model.Entity<Catalog.CatalogStampRow>(e =>
        {
            e.ToTable("CatalogStamp");
            e.Property(r => r.Id).ValueGeneratedNever();
        });

        model.Entity<Session>(e =>
        {
            e.Property(s => s.SurveyId).HasMaxLength(64);
            e.Property(s => s.Revision).IsConcurrencyToken();
            e.HasIndex(s => new { s.PersonId, s.Status });
            e.HasIndex(s => new { s.SurveyId, s.Status });
            e.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId);
            // Answers must outlive any clean-up of surveys: deleting one with sessions is refused.
            e.HasOne<Survey>().WithMany().HasForeignKey(s => s.SurveyId).OnDelete(DeleteBehavior.Restrict);
        });

        model.Entity<Answer>(e =>
        {
            e.Property(a => a.SurveyId).HasMaxLength(64);
            e.Property(a => a.QuestionId).HasMaxLength(64);
            e.HasIndex(a => new { a.SurveyId, a.QuestionId });
            e.HasIndex(a => a.SessionId);
            // One key for the answer's session and its person (AnswersModel): the session must exist and be this
            // person's. The person exists because the session's does (the session's own key to the people).
            e.HasOne<Session>().WithMany().HasForeignKey(a => new { a.SessionId, a.PersonId }).HasPrincipalKey(s => new { s.Id, s.PersonId });
        });

        model.Entity<InboundMessage>(e =>
        {
            e.HasKey(m => m.MessageId);
            e.Property(m => m.MessageId).HasMaxLength(64);
        });

        model.Entity<OptOut>(e =>
        {
            e.Property(o => o.Phone).HasMaxLength(20);
            e.Property(o => o.OurNumber).HasMaxLength(20);
            e.Property(o => o.Keyword).HasMaxLength(32);
            e.Property(o => o.EndedKeyword).HasMaxLength(32);
            e.Property(o => o.PhoneHash).HasMaxLength(64);
            e.HasIndex(o => o.Phone);
            e.HasIndex(o => o.PhoneHash);
            e.HasIndex(o => o.PersonId);
        });

        model.Entity<OutboxMessage>(e =>
        {
            e.Property(m => m.To).HasMaxLength(256); // a phone number or a web user id (up to 256)
        });

        model.Entity<BotStateItem>(e =>
        {
            e.HasKey(i => i.Key);
            e.Property(i => i.Key).HasMaxLength(512);
            e.Property(i => i.ETag).HasMaxLength(64).IsConcurrencyToken();
        });

        SchedulingModel.Configure(model);
        ResultsModel.Configure(model);
        model.ApplyConfiguration(new QuickVoteConfiguration());
        WebChatModel.Configure(model);
        LimitsModel.Configure(model);
        CoProductionModel(model);
        SafetyGuardsModel.Configure(model);
        AccountsModel.Configure(model);
        TextLimitsModel.Configure(model);
        FreeText.FreeTextModel.Configure(model);
        Privacy.PrivacyModel.Configure(model);
        model.ApplyConfiguration(new Interviews.InterviewsModel());
    }

    private static void CoProductionModel(ModelBuilder model)
    {
        model.Entity<BoardMember>(e => e.Property(m => m.Name).HasMaxLength(200));
        model.Entity<Approval>(e =>
        {
            e.Property(a => a.SurveyId).HasMaxLength(64);
            e.Property(a => a.Note).HasMaxLength(500);
            e.HasIndex(a => new { a.SurveyId, a.Version });
            e.HasOne<Survey>().WithMany().HasForeignKey(a => a.SurveyId);
            e.HasOne<BoardMember>().WithMany().HasForeignKey(a => a.MemberId);
        });
        model.Entity<WordingProposal>(e =>
        {
            e.Property(p => p.SurveyId).HasMaxLength(64);
            e.Property(p => p.QuestionId).HasMaxLength(64);
            e.Property(p => p.Language).HasMaxLength(16);
            e.Property(p => p.Text).HasMaxLength(2000);
            e.HasIndex(p => new { p.SurveyId, p.QuestionId });
            e.HasOne<Survey>().WithMany().HasForeignKey(p => p.SurveyId);
            e.HasOne<BoardMember>().WithMany().HasForeignKey(p => p.ProposedBy);
        });
        model.Entity<ProposalVote>(e =>
        {
            e.HasIndex(v => new { v.ProposalId, v.MemberId }).IsUnique();
            e.HasOne<WordingProposal>().WithMany().HasForeignKey(v => v.ProposalId);
            e.HasOne<BoardMember>().WithMany().HasForeignKey(v => v.MemberId);
        });
        model.Entity<ReviewComment>(e =>
        {
            e.Property(c => c.SurveyId).HasMaxLength(64);
            e.Property(c => c.QuestionId).HasMaxLength(64);
            e.Property(c => c.Text).HasMaxLength(4000);
            e.HasIndex(c => c.SurveyId);
            e.HasOne<BoardMember>().WithMany().HasForeignKey(c => c.MemberId);
        });
        model.Entity<ConfusingFlag>(e =>
        {
            e.Property(f => f.SurveyId).HasMaxLength(64);
            e.Property(f => f.QuestionId).HasMaxLength(64);
            e.Property(f => f.Note).HasMaxLength(1000);
            e.HasIndex(f => new { f.SurveyId, f.QuestionId });
        });
        model.Entity<ReviewEvent>(e =>
        {
            e.Property(r => r.SurveyId).HasMaxLength(64);
            e.Property(r => r.Action).HasMaxLength(32);
            e.Property(r => r.Detail).HasMaxLength(2000);
            e.HasIndex(r => r.SurveyId);
        });
        model.Entity<WordListEntry>(e =>
        {
            e.Property(w => w.Phrase).HasMaxLength(100);
            e.Property(w => w.Instead).HasMaxLength(200);
            // One entry per phrase and list, so two members adding the same word at once add it once.
            e.HasIndex(w => new { w.Kind, w.Phrase }).IsUnique();
        });
        model.Entity<PilotRun>(e =>
        {
            e.Property(p => p.SurveyId).HasMaxLength(64);
            e.Property(p => p.Address).HasMaxLength(200);
            e.HasIndex(p => p.Address);
        });
    }

    /// <summary>Both SQLite and PostgreSQL accept double-quoted identifiers.</summary>
    private static string Filter(string column) => $"\"{column}\" IS NOT NULL";
}
