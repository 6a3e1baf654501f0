using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Store.Setup;

/// <summary>
/// One entity's table as the EF model maps it, for statements written by hand: the table and
/// column names, reading a row into an entity, and making parameters, with EF's own value
/// conversions (enums as text, dates as numbers on SQLite) and the stored-value guard's checks.
/// Built once per model and entity, so a hand-written statement stores exactly what EF would.
/// </summary>
internal sealed class EntityColumns
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, EntityColumns>> ByModel = new();

    private readonly Dictionary<string, (IProperty Property, RelationalTypeMapping Mapping, string Column)> _byName = new();
    private readonly (IProperty Property, Action<DbDataReader, int, object> Set)[] _selected;

    private EntityColumns(DbContext db, Type clrType)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Table = sql.DelimitIdentifier(table.Name, table.Schema);
        foreach (var property in entity.GetProperties())
        {
            var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
            _byName[property.Name] = (property, mapping, sql.DelimitIdentifier(property.GetColumnName(table)!));
        }
        // Only properties the entity class has: a row read here is attached to a context later.
        _selected = _byName.Values.Where(c => c.Property.PropertyInfo is not null)
            .Select(c => (c.Property, SetterFor(c.Property.PropertyInfo!, c.Mapping))).ToArray();
        SelectList = string.Join(", ", _selected.Select(s => _byName[s.Property.Name].Column));
        Insert = $"INSERT INTO {Table} ({SelectList}) VALUES ({string.Join(", ", _selected.Select((_, i) => "@v" + i))})";
    }

    public static EntityColumns For<T>(DbContext db)
    {
        var byType = ByModel.GetValue(db.Model, _ => new());
        // The factory that closes over the context is in its own method: its closure was an allocation on every call.
        return byType.TryGetValue(typeof(T), out var built) ? built : Build(byType, db, typeof(T));
    }

    private static EntityColumns Build(ConcurrentDictionary<Type, EntityColumns> byType, DbContext db, Type type) =>
        byType.GetOrAdd(type, t => new EntityColumns(db, t));

    /// <summary>The table, delimited for this provider.</summary>
    public string Table { get; }

    /// <summary>Every column <see cref="Read"/> reads, in its order.</summary>
    public string SelectList { get; }

    /// <summary>A row of every <see cref="SelectList"/> column, its values named <c>@v0</c>, <c>@v1</c>...
    /// in that order (<see cref="InsertParameters"/>): all the columns EF writes when it adds the entity.</summary>
    public string Insert { get; }

    /// <summary>How many columns <see cref="SelectList"/> has.</summary>
    public int Count => _selected.Length;

    /// <summary><see cref="SelectList"/> with each column named by <paramref name="alias"/> (the table's alias in a join).</summary>
    public string SelectListOf(string alias) => string.Join(", ", _selected.Select(s => alias + "." + _byName[s.Property.Name].Column));

    /// <summary>Where a property's column is in <see cref="SelectList"/>.</summary>
    public int Ordinal(string property)
    {
        for (var i = 0; i < _selected.Length; i++)
        {
            if (_selected[i].Property.Name == property) return i;
        }
        throw new ArgumentException($"{property} is not read.", nameof(property));
    }

    /// <summary>A column name, delimited.</summary>
    public string this[string property] => _byName[property].Column;

    /// <summary>A value as this provider stores it in SQL text (used for fixed values such as statuses).</summary>
    public string Literal(string property, object value) => _byName[property].Mapping.GenerateSqlLiteral(value);

    /// <summary>Reads the current row's <see cref="SelectList"/> columns into <paramref name="entity"/>.</summary>
    public T Read<T>(DbDataReader reader, T entity) where T : class => Read(reader, entity, 0);

    /// <summary>As <see cref="Read{T}(DbDataReader, T)"/>, the columns starting at the column <paramref name="at"/> (a join's second table).</summary>
    public T Read<T>(DbDataReader reader, T entity, int at) where T : class
    {
        for (var i = 0; i < _selected.Length; i++)
        {
            _selected[i].Set(reader, at + i, entity);
        }
        return entity;
    }

    /// <summary>
    /// A parameter for one column's value, the one rule for every statement written by hand from the
    /// model (the turn's, the web visitor's, the menu's, the web chat's). A string is checked now, as the
    /// stored-value guard checks SaveChanges: too long for the column (PostgreSQL would refuse it, SQLite
    /// would keep it whole) or with a NUL, it is refused here, before any statement has run. Pass
    /// <paramref name="check"/> false only for a value a statement looks up rather than stores: one the
    /// store cannot hold finds nothing. The value is converted as EF converts it only when the statement
    /// runs on a <see cref="TurnConnection"/> (<see cref="TurnValue"/>).
    /// </summary>
    public DbParameter Value(string property, string name, object? value, bool check = true)
    {
        var (metadata, mapping, _) = _byName[property];
        if (check && value is string text) StoredValueGuard.CheckValue(metadata, text);
        return new TurnValue(mapping, name, value, metadata.IsNullable);
    }

    /// <summary>The values of <see cref="Insert"/> from <paramref name="entity"/>, checked as <see cref="Value"/> checks them.</summary>
    public DbParameter[] InsertParameters<T>(T entity) where T : class
    {
        var parameters = new DbParameter[_selected.Length];
        for (var i = 0; i < _selected.Length; i++)
        {
            var property = _selected[i].Property;
            parameters[i] = Value(property.Name, ParameterNames[i], property.PropertyInfo!.GetValue(entity));
        }
        return parameters;
    }

    // Names made once rather than per row.
    private static readonly string[] ParameterNames = Enumerable.Range(0, 64).Select(i => "@v" + i).ToArray();

    /// <summary>
    /// Sets the property from the column at an ordinal: the provider's value read as its own type and
    /// converted by EF's converter, as EF reads it, compiled once per model (it was a boxed value
    /// and a reflection call per column read). A null reads as the property type's default.
    /// </summary>
    private static Action<DbDataReader, int, object> SetterFor(PropertyInfo property, RelationalTypeMapping mapping)
    {
        var provider = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        provider = Nullable.GetUnderlyingType(provider) ?? provider;
        var reader = Expression.Parameter(typeof(DbDataReader), "reader");
        var ordinal = Expression.Parameter(typeof(int), "ordinal");
        var entity = Expression.Parameter(typeof(object), "entity");
        Expression read = Expression.Call(reader, nameof(DbDataReader.GetFieldValue), [provider], ordinal);
        if (mapping.Converter is { } converter)
        {
            var fromProvider = converter.ConvertFromProviderExpression;
            read = Expression.Invoke(fromProvider, Expression.Convert(read, fromProvider.Parameters[0].Type));
        }
        var value = Expression.Condition(
            Expression.Call(reader, nameof(DbDataReader.IsDBNull), null, ordinal),
            Expression.Default(property.PropertyType),
            Expression.Convert(read, property.PropertyType));
        var set = Expression.Assign(Expression.Property(Expression.Convert(entity, property.DeclaringType!), property), value);
        return Expression.Lambda<Action<DbDataReader, int, object>>(set, reader, ordinal, entity).Compile();
    }
}
