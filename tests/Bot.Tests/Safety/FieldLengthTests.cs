using System.Net;
using CoProduction.Bot.Tests.Infrastructure;
using CoProduction.Channels.Twilio;
using CoProduction.Store;
using CoProduction.Testing;
using CoProduction.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// Every text field a person or staff can send (<see cref="FieldLengthCases"/>), at the longest
/// its column holds (taken from the EF model, as the service does) or the edge takes, and one
/// character longer: the longest is stored whole, the longer one is a plain 400 that changes
/// nothing. On PostgreSQL, which enforces lengths, as well as on SQLite, which does not.
/// One service (and one signed-in member) for all the cases of a class (<see cref="FieldLengthService"/>):
/// a class's cases run one at a time, so the fingerprint around a refusal is still this case's alone;
/// each case's values are its own, and a value already in its columns before it is sent fails the case.
/// </summary>
public abstract class FieldLengthTests(IStoreBackend backend, FieldLengthService shared)
{
    public static TheoryData<string> Fields() => new(FieldLengthCases.All.Keys);

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task LongestValue_IsStoredWhole_AndOneLonger_IsRefusedInPlainWordsAndChangesNothing(string field)
    {
        var context = await shared.StartedAsync(backend);
        var services = context.Factory.Services;
        var @case = FieldLengthCases.All[field];
        var first = @case.Columns[0];
        var max = services.GetRequiredService<FieldLimits>().MaxLength(first.Entity, first.Property)!.Value;
        var longest = @case.Longest?.Invoke(max) ?? new string('a', max);
        var longer = @case.Longer?.Invoke(longest) ?? new string('b', longest.Length + 1);
        var send = await @case.Prepare(context);

        // The store is shared by the class's cases: the value must not be there before this case sends it.
        var already = await StoredValuesAsync(services, @case.Columns, longest);
        var kept = await send(longest);
        var stored = await StoredValuesAsync(services, @case.Columns, longest);
        var before = await StoreFingerprint.TakeAsync(services);
        var refused = await send(longer);
        var after = await StoreFingerprint.TakeAsync(services);

        Assert.All(@case.Columns, c => Assert.False(already[c], $"{field}: {c.Entity.Name}.{c.Property} held the {longest.Length}-character value before this case sent it (another case's): give this case its own value"));
        Assert.True(longest.Length <= max, $"{field}: the edge takes {longest.Length} characters but the column holds {max}");
        Assert.True(kept.Status is >= 200 and < 300, $"{field} of {longest.Length} characters: {kept.Status} {kept.Body}");
        Assert.All(@case.Columns, c => Assert.True(stored[c], $"{field}: {c.Entity.Name}.{c.Property} does not hold the {longest.Length}-character value whole"));
        if (@case.Refusal == Refusal.KindReplyByText)
        {
            Assert.Equal(200, refused.Status);
            Assert.Equal([TwilioSmsAdapter.TooLongReply], TestPhone.Messages(refused.Body));
        }
        else
        {
            Assert.True(refused.Status == (int)HttpStatusCode.BadRequest, $"{field} of {longer.Length} characters: {refused.Status} {refused.Body}");
            Assert.Matches("[A-Z][a-z]+ [a-z]+", refused.Body);
            Assert.DoesNotContain("Exception", refused.Body, StringComparison.Ordinal);
        }
        Assert.Empty(StoreFingerprint.Changed(before, after));
    }

    /// <summary>For each column, whether some row holds exactly the value (as the store keeps it).</summary>
    private static async Task<Dictionary<Column, bool>> StoredValuesAsync(IServiceProvider services, Column[] columns, string value)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var found = new Dictionary<Column, bool>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            foreach (var column in columns)
            {
                var entity = db.Model.FindEntityType(column.Entity)!;
                var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
                var name = entity.FindProperty(column.Property)!.GetColumnName(table)!;
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table.Name}\" WHERE \"{name}\" = @v";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@v";
                parameter.Value = column.AsStored?.Invoke(value) ?? value;
                command.Parameters.Add(parameter);
                found[column] = Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return found;
    }
}

/// <summary>
/// The service <see cref="FieldLengthTests"/>' cases share, one per class: started by the first case
/// (which knows the store), with a member signed in once, and stopped after the class's last case.
/// </summary>
public sealed class FieldLengthService : IAsyncLifetime
{
    public const string DirectLineSecret = "field-length-directline-secret-0123";

    private BackendService? _service;
    private Task<FieldContext>? _started;

    /// <summary>The shared service, started by the first call (a class's cases run one at a time).</summary>
    public Task<FieldContext> StartedAsync(IStoreBackend backend) => _started ??= StartAsync(backend);

    private async Task<FieldContext> StartAsync(IStoreBackend backend)
    {
        _service = await BackendService.StartAsync(backend, s =>
        {
            s["DirectLine:Secret"] = DirectLineSecret;
            // A reply that is not an answer is recorded at once (as it is after the re-asks), so a long one can be read back.
            s["Surveys:MaxReasks"] = "0";
        });
        var member = await SignIns.MemberAsync(_service.Factory, "Sam", "expert-by-experience");
        return new FieldContext(_service.Factory, _service.Factory.StaffClient(), member, DirectLineSecret);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
    }
}

public sealed class FieldLengthOnSqliteTests(FieldLengthService shared)
    : FieldLengthTests(SqliteBackend.Instance, shared), IClassFixture<FieldLengthService>;

[Collection(PostgresCollection.Name)]
public sealed class FieldLengthOnPostgresTests(PostgresServer server, FieldLengthService shared)
    : FieldLengthTests(server, shared), IClassFixture<FieldLengthService>;
