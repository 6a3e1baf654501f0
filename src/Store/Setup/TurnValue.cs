using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Store.Setup;

/// <summary>
/// A column's value for a statement a <see cref="TurnConnection"/> runs, checked when it is made
/// (<see cref="EntityColumns.Value"/>) and converted as EF converts it only when the statement runs.
/// On SQLite it is set into the kept command's own parameter (made once by EF's type mapping, its
/// value set again on every turn), so a turn makes no parameters of its own: making them was about
/// a sixth of the bytes the store allocated a turn. Anywhere else it becomes the parameter EF's type
/// mapping makes (<see cref="Create"/>).
/// </summary>
internal sealed class TurnValue(RelationalTypeMapping mapping, string name, object? value, bool nullable) : DbParameter
{
    /// <summary>The parameter EF's type mapping makes for this value.</summary>
    public DbParameter Create(DbCommand command) => mapping.CreateParameter(command, name, value, nullable);

    /// <summary>
    /// Sets <paramref name="kept"/> (made by <see cref="Create"/> for the same statement on an earlier
    /// turn) to this value, converted as <see cref="Create"/> converts it. False when it is not that
    /// parameter, or when the value is one only EF's own parameter making converts (an enum without a converter).
    /// </summary>
    public bool TrySet(DbParameter kept)
    {
        if (!string.Equals(kept.ParameterName, name, StringComparison.Ordinal)) return false;
        if (value is null)
        {
            kept.Value = DBNull.Value;
            return true;
        }
        if (mapping.Converter is { } converter)
        {
            kept.Value = converter.ConvertToProvider(value) ?? DBNull.Value;
            return true;
        }
        if (value is Enum) return false;
        kept.Value = value;
        return true;
    }

    // Read-only in effect: what the statement gets is what Create or TrySet makes of it.
    public override DbType DbType { get => mapping.DbType ?? DbType.Object; set { } }
    public override ParameterDirection Direction { get => ParameterDirection.Input; set { } }
    public override bool IsNullable { get => nullable; set { } }
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string ParameterName { get => name; set { } }
    public override int Size { get => 0; set { } }
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string SourceColumn { get => ""; set { } }
    public override bool SourceColumnNullMapping { get => false; set { } }
    public override object? Value { get => value; set { } }
    public override void ResetDbType() { }
}
