using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CoProduction.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Bot.Tests.Safety;

/// <summary>
/// Every table of the store as (rows, hash of every row's values), so a test can tell whether a
/// request changed anything at all. Tables come from the EF model, so a new table is covered too.
/// </summary>
public static class StoreFingerprint
{
    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var tables = db.Model.GetEntityTypes()
            // Counted attempts: a rate limit must count a refused request too, or a flood of bad ones would cost nothing.
            .Where(t => t.ClrType != typeof(CoProduction.Store.Limits.RateCounter))
            // The audit log records refused attempts on purpose (a refused sign-in is something an admin must see).
            .Where(t => t.ClrType != typeof(CoProduction.Store.Accounts.AuditEvent))
            .Select(t => t.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var fingerprint = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                var rows = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync()) rows.Add(Row(reader));
                }
                rows.Sort(StringComparer.Ordinal);
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", rows))))[..16];
                fingerprint[table] = $"{rows.Count} rows, {hash}";
            }
            return fingerprint;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The tables whose fingerprint differs, for a message that names them.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t)} -> {after.GetValueOrDefault(t)}").ToList();

    private static string Row(DbDataReader reader)
    {
        var values = new string[reader.FieldCount];
        for (var i = 0; i < reader.FieldCount; i++)
        {
            values[i] = reader.IsDBNull(i) ? "\u2400" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
        }
        return string.Join("\u241F", values);
    }
}
