using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoProduction.Store;

/// <summary>
/// The longest value each string column holds, read from the EF model: the one place the numbers
/// live (StoreDbContext and its configurations), so an edge check can never disagree with the
/// database. SQLite ignores lengths and PostgreSQL enforces them, so without this a value one
/// character too long worked on one store and failed on the other.
/// </summary>
public sealed class FieldLimits(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<(Type, string), int?> _limits = new();
    private Microsoft.EntityFrameworkCore.Metadata.IModel? _model;

    /// <summary>The column's maximum length in characters, or null when it has none.</summary>
    public int? MaxLength(Type entity, string property) =>
        _limits.GetOrAdd((entity, property), key =>
        {
            var type = Model().FindEntityType(key.Item1) ?? throw new ArgumentException($"{key.Item1.Name} is not in the store's model", nameof(entity));
            var column = type.FindProperty(key.Item2) ?? throw new ArgumentException($"{key.Item1.Name} has no property {key.Item2}", nameof(property));
            return column.GetMaxLength();
        });

    public int? MaxLength<TEntity>(string property) => MaxLength(typeof(TEntity), property);

    private Microsoft.EntityFrameworkCore.Metadata.IModel Model()
    {
        if (_model is not null) return _model;
        using var scope = scopes.CreateScope();
        return _model = scope.ServiceProvider.GetRequiredService<StoreDbContext>().Model;
    }
}
