using System.Data.Common;
using System.Text;
using CoProduction.Scheduling.Bulk;
using CoProduction.Store;
using CoProduction.Store.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CoProduction.Scheduling.People;

/// <summary>The SQL and parameters of <see cref="PeopleWriter"/>, from the EF model.</summary>
internal sealed partial class PeopleWriter
{
    /// <summary>The statements for one model (SQLite or PostgreSQL), worked out once per model.</summary>
    private sealed class Shape
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IModel, Shape> Cache = new();

        private readonly string _values;
        private readonly string _insert;
        private readonly string _conflict;
        private readonly string _returnPhone;
        private readonly string _update;
        private readonly string _lookup;
        private readonly bool _sqlite;
        private readonly string _insertJson;
        private readonly string _clearJson;
        private readonly string _addJson;
        private readonly RelationalTypeMapping _phone;
        private readonly string _clear;
        private readonly string _add;
        private readonly IProperty[] _properties;
        private readonly RelationalTypeMapping[] _mappings;
        private readonly Func<Person, object?>[] _getters;
        private readonly RelationalTypeMapping[] _givenMappings;
        private readonly RelationalTypeMapping _personId;
        private readonly RelationalTypeMapping _group;

        private Shape(StoreDbContext db)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var entity = db.Model.FindEntityType(typeof(Person))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
            var name = sql.DelimitIdentifier(table.Name, table.Schema);
            _properties = entity.GetProperties().ToArray();
            _mappings = _properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray();
            // Stored values: through the model's converters already.
            _getters = _properties.Select(StoredValues.Reader<Person>).ToArray();
            var given = Given.Select(g => entity.FindProperty(g.Property)!).ToArray();
            _givenMappings = given.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray();
            var phone = Column(entity.FindProperty(nameof(Person.Phone))!);
            var updated = Column(entity.FindProperty(nameof(Person.UpdatedAt))!);
            var updatedIndex = Array.FindIndex(_properties, p => p.Name == nameof(Person.UpdatedAt));
            // {r} is the row's number within the command.
            _values = "(" + string.Join(", ", _properties.Select((_, c) => $"@p{{r}}_{c}")) + ")";
            _insert = $"INSERT INTO {name} ({string.Join(", ", _properties.Select(Column))}) VALUES ";
            _conflict = $" ON CONFLICT ({phone}) WHERE {phone} IS NOT NULL";
            _returnPhone = $" RETURNING {phone}";
            _update = $" DO UPDATE SET {updated} = @p{{r}}_{updatedIndex}, "
                + string.Join(", ", given.Select((p, g) => $"{Column(p)} = COALESCE(@g{{r}}_{g}, {name}.{Column(p)})"))
                + $" RETURNING {Column(entity.FindPrimaryKey()!.Properties[0])};";
            _sqlite = db.Database.IsSqlite();
            // SQLite: the batch's phones as one JSON array (a thousand named parameters cost more to bind than to read).
            _lookup = $"SELECT {phone} FROM {name} WHERE {phone} IN ({(_sqlite ? "SELECT value FROM json_each(" + SqliteJsonRows.Parameter + ")" : "{list}")})";
            _phone = (RelationalTypeMapping)entity.FindProperty(nameof(Person.Phone))!.GetRelationalTypeMapping();

            var groups = db.Model.FindEntityType(typeof(PersonGroup))!;
            var groupTable = StoreObjectIdentifier.Table(groups.GetTableName()!, groups.GetSchema());
            var groupName = sql.DelimitIdentifier(groupTable.Name, groupTable.Schema);
            var personId = groups.FindProperty(nameof(PersonGroup.PersonId))!;
            var group = groups.FindProperty(nameof(PersonGroup.Group))!;
            _personId = (RelationalTypeMapping)personId.GetRelationalTypeMapping();
            _group = (RelationalTypeMapping)group.GetRelationalTypeMapping();
            var personIdColumn = sql.DelimitIdentifier(personId.GetColumnName(groupTable)!);
            _clear = $"DELETE FROM {groupName} WHERE {personIdColumn} IN ({{list}})";
            var groupColumns = $"{groupName} ({personIdColumn}, {sql.DelimitIdentifier(group.GetColumnName(groupTable)!)})";
            _add = $"INSERT INTO {groupColumns} VALUES {{list}} ON CONFLICT DO NOTHING";

            // SQLite: a hundred rows a statement, as one JSON parameter (SqliteJsonRows).
            _insertJson = $"{_insert.Replace(" VALUES ", " ")}SELECT {SqliteJsonRows.Columns(_properties.Length)} {SqliteJsonRows.From}{_conflict} DO NOTHING{_returnPhone}";
            _clearJson = $"DELETE FROM {groupName} WHERE {personIdColumn} IN (SELECT value FROM json_each({SqliteJsonRows.Parameter}))";
            _addJson = $"INSERT INTO {groupColumns} SELECT {SqliteJsonRows.Columns(2)} {SqliteJsonRows.From} ON CONFLICT DO NOTHING";
        }

        public static Shape For(StoreDbContext db) => Cache.GetValue(db.Model, _ => new Shape(db));

        public bool Sqlite => _sqlite;

        public DbCommand InsertJson(DbConnection connection, DbTransaction transaction, int _) => Json(connection, transaction, _insertJson);

        public DbCommand ClearGroupsJson(DbConnection connection, DbTransaction transaction, int _) => Json(connection, transaction, _clearJson);

        public DbCommand AddGroupsJson(DbConnection connection, DbTransaction transaction, int _) => Json(connection, transaction, _addJson);

        private static DbCommand Json(DbConnection connection, DbTransaction transaction, string text)
        {
            var command = New(connection, transaction);
            command.CommandText = text;
            var rows = command.CreateParameter();
            rows.ParameterName = SqliteJsonRows.Parameter;
            command.Parameters.Add(rows);
            return command;
        }

        public void BindInsertJson(DbCommand command, IEnumerable<(PersonRow Row, Guid Id)> rows, DateTimeOffset now) =>
            command.Parameters[0].Value = SqliteJsonRows.Build(rows, (json, r) =>
            {
                var person = new Person { Id = r.Id, Phone = r.Row.Phone, CreatedAt = now, UpdatedAt = now };
                PeopleImporter.Apply(r.Row, person, now);
                for (var c = 0; c < _properties.Length; c++) SqliteJsonRows.Value(json, _getters[c](person));
            });

        public void BindGroupIdsJson(DbCommand command, IEnumerable<Guid> ids) =>
            command.Parameters[0].Value = SqliteJsonRows.List(ids.Select(id => Provider(_personId, id)));

        public void BindGroupsJson(DbCommand command, IEnumerable<(Guid Person, string Group)> rows) =>
            command.Parameters[0].Value = SqliteJsonRows.Build(rows, (json, r) =>
            {
                SqliteJsonRows.Value(json, Provider(_personId, r.Person));
                SqliteJsonRows.Value(json, Provider(_group, r.Group));
            });

        /// <summary>New people, many rows a statement; a phone already there is left alone (and returned for none).</summary>
        public DbCommand Insert(DbConnection connection, DbTransaction transaction, int rows)
        {
            var command = New(connection, transaction);
            var text = new StringBuilder(_insert);
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "" : ", ").Append(Row(_values, r));
                AddRow(command, r, given: false);
            }
            command.CommandText = text.Append(_conflict).Append(" DO NOTHING").Append(rows > 1 ? _returnPhone : "").ToString();
            return command;
        }

        /// <summary>People who may be there already: one statement a row, each returning the person's id.</summary>
        public DbCommand Upsert(DbConnection connection, DbTransaction transaction, int rows)
        {
            var command = New(connection, transaction);
            var text = new StringBuilder();
            for (var r = 0; r < rows; r++)
            {
                text.Append(_insert).Append(Row(_values, r)).Append(_conflict).Append(Row(_update, r));
                AddRow(command, r, given: true);
            }
            command.CommandText = text.ToString();
            return command;
        }

        public DbCommand Lookup(DbConnection connection, DbTransaction transaction, int rows)
        {
            var command = New(connection, transaction);
            if (_sqlite) return Json(connection, transaction, _lookup);
            command.CommandText = _lookup.Replace("{list}", string.Join(", ", Enumerable.Range(0, rows).Select(i => $"@l{i}")));
            for (var i = 0; i < rows; i++) command.Parameters.Add(_phone.CreateParameter(command, $"@l{i}", null, false));
            return command;
        }

        public bool LookupIsOneParameter => _sqlite;

        public void BindLookup(DbCommand command, IReadOnlyList<PersonRow> rows)
        {
            if (_sqlite)
            {
                command.Parameters[0].Value = SqliteJsonRows.List(rows.Select(r => (object?)r.Phone));
                return;
            }
            for (var i = 0; i < rows.Count; i++) command.Parameters[i].Value = rows[i].Phone;
        }

        private static string Row(string text, int r) => text.Replace("{r}", r.ToString(System.Globalization.CultureInfo.InvariantCulture));

        private static DbCommand New(DbConnection connection, DbTransaction transaction)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            return command;
        }

        private void AddRow(DbCommand command, int r, bool given)
        {
            // The mapping sets the provider type (a Guid as text in SQLite, timestamptz in PostgreSQL).
            for (var c = 0; c < _properties.Length; c++) command.Parameters.Add(_mappings[c].CreateParameter(command, $"@p{r}_{c}", null, true));
            if (!given) return;
            for (var g = 0; g < _givenMappings.Length; g++) command.Parameters.Add(_givenMappings[g].CreateParameter(command, $"@g{r}_{g}", null, true));
        }

        public void BindInsert(DbCommand command, int r, PersonRow row, Guid id, DateTimeOffset now) =>
            BindPerson(command, r * _properties.Length, row, id, now);

        public void BindUpsert(DbCommand command, int r, PersonRow row, Guid id, DateTimeOffset now)
        {
            var at = r * (_properties.Length + _givenMappings.Length);
            BindPerson(command, at, row, id, now);
            at += _properties.Length;
            for (var g = 0; g < _givenMappings.Length; g++) command.Parameters[at + g].Value = Provider(_givenMappings[g], Given[g].Value(row));
        }

        private void BindPerson(DbCommand command, int at, PersonRow row, Guid id, DateTimeOffset now)
        {
            var person = new Person { Id = id, Phone = row.Phone, CreatedAt = now, UpdatedAt = now };
            PeopleImporter.Apply(row, person, now);
            for (var c = 0; c < _properties.Length; c++) command.Parameters[at + c].Value = _getters[c](person) ?? DBNull.Value;
        }

        public DbCommand ClearGroups(DbConnection connection, DbTransaction transaction, int people)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _clear.Replace("{list}", string.Join(", ", Enumerable.Range(0, people).Select(i => $"@i{i}")));
            for (var i = 0; i < people; i++) command.Parameters.Add(_personId.CreateParameter(command, $"@i{i}", null, false));
            return command;
        }

        public void BindGroupIds(DbCommand command, IReadOnlyList<Guid> ids)
        {
            for (var i = 0; i < ids.Count; i++) command.Parameters[i].Value = Provider(_personId, ids[i]);
        }

        public DbCommand AddGroups(DbConnection connection, DbTransaction transaction, int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = _add.Replace("{list}", string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@i{i}, @g{i})")));
            for (var i = 0; i < rows; i++)
            {
                command.Parameters.Add(_personId.CreateParameter(command, $"@i{i}", null, false));
                command.Parameters.Add(_group.CreateParameter(command, $"@g{i}", null, false));
            }
            return command;
        }

        public void BindGroups(DbCommand command, IReadOnlyList<(Guid Person, string Group)> rows)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                command.Parameters[2 * i].Value = Provider(_personId, rows[i].Person);
                command.Parameters[2 * i + 1].Value = rows[i].Group;
            }
        }

        private static object Provider(RelationalTypeMapping mapping, object? value)
        {
            if (value is not null && mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
            return value ?? DBNull.Value;
        }
    }
}
