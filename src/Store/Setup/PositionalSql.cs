using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;

namespace CoProduction.Store.Setup;

/// <summary>
/// A turn's statement text with named parameters (<c>@phone</c>), as PostgreSQL takes it without
/// Npgsql rewriting it: split into its statements, each parameter written <c>$1</c>, <c>$2</c>...
/// Npgsql parses and rewrites a command's text on every execution when its parameters are named
/// (a new string for every statement of every turn, and the scan of its text); with positional
/// parameters it sends the text as it is. Worked out once per text and kept.
/// </summary>
internal sealed class PositionalSql
{
    // Texts are the statements the store writes (a few dozen); a test's interceptor rewriting every
    // statement differently must not grow this without end, so beyond it a text is worked out each time.
    private const int MaxKept = 512;
    private static readonly ConcurrentDictionary<string, PositionalSql?> Kept = new(StringComparer.Ordinal);

    private PositionalSql(string[] statements, string[][] names)
    {
        Statements = statements;
        Names = names;
        _references = names.Sum(n => n.Length);
    }

    private readonly int _references;

    /// <summary>Each statement, its parameters written <c>$n</c>.</summary>
    public string[] Statements { get; }

    /// <summary>For each statement, the parameter names (without '@') in <c>$1</c>, <c>$2</c>... order.</summary>
    public string[][] Names { get; }

    /// <summary>The text split and numbered; null when it holds anything this does not read with
    /// certainty (then Npgsql's own rewriting runs, as before).</summary>
    public static PositionalSql? For(string sql)
    {
        if (Kept.TryGetValue(sql, out var kept)) return kept;
        var made = Parse(sql);
        if (Kept.Count < MaxKept) Kept.TryAdd(sql, made);
        return made;
    }

    /// <summary>
    /// The batch commands for <paramref name="parameters"/>, each statement's own parameters in its
    /// order; false (nothing added) when a statement names a parameter not given. A parameter used by
    /// more than one statement is copied for the later ones (a parameter belongs to one command).
    /// </summary>
    public bool AddTo(DbBatch batch, IReadOnlyList<DbParameter> parameters)
    {
        // Every name found before anything is changed (names are cleared below): when one is
        // missing, the named text runs as given.
        Span<int> found = _references <= 128 ? stackalloc int[_references] : new int[_references];
        var r = 0;
        foreach (var statement in Names)
        {
            foreach (var name in statement)
            {
                var at = IndexOf(parameters, name);
                if (at < 0 || parameters[at] is not NpgsqlParameter) return false;
                found[r++] = at;
            }
        }
        Span<bool> used = parameters.Count <= 128 ? stackalloc bool[parameters.Count] : new bool[parameters.Count];
        r = 0;
        for (var s = 0; s < Statements.Length; s++)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = Statements[s];
            for (var n = 0; n < Names[s].Length; n++)
            {
                var at = found[r++];
                var given = (NpgsqlParameter)parameters[at];
                var parameter = used[at] ? given.Clone() : given;
                used[at] = true;
                parameter.ParameterName = "";
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        return true;
    }

    private static int IndexOf(IReadOnlyList<DbParameter> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var given = parameters[i].ParameterName;
            var start = given.Length > 0 && (given[0] == '@' || given[0] == ':') ? 1 : 0;
            if (given.Length - start == name.Length && string.Compare(given, start, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0) return i;
        }
        return -1;
    }

    /// <summary>
    /// Splits at top-level semicolons and numbers <c>@name</c>s, skipping quoted text, quoted
    /// names and comments. Anything else that could be a parameter or a quote to Npgsql or
    /// PostgreSQL (<c>$</c>, a <c>:name</c>, a backslash) gives null.
    /// </summary>
    internal static PositionalSql? Parse(string sql)
    {
        var statements = new List<string>();
        var names = new List<string[]>();
        var text = new System.Text.StringBuilder(sql.Length);
        var current = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'':
                case '"':
                {
                    var end = i + 1;
                    while (true)
                    {
                        if (end >= sql.Length) return null;
                        if (sql[end] == '\\') return null;
                        if (sql[end] == c)
                        {
                            if (end + 1 < sql.Length && sql[end + 1] == c) { end += 2; continue; }
                            break;
                        }
                        end++;
                    }
                    text.Append(sql, i, end - i + 1);
                    i = end + 1;
                    continue;
                }
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                {
                    var end = sql.IndexOf('\n', i);
                    if (end < 0) end = sql.Length;
                    text.Append(sql, i, end - i);
                    i = end;
                    continue;
                }
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    return null;
                case '$':
                case '\\':
                    return null;
                case ':' when i + 1 < sql.Length && sql[i + 1] == ':':
                    text.Append("::");
                    i += 2;
                    continue;
                case ':' when i + 1 < sql.Length && IsNameChar(sql[i + 1]):
                    return null;
                case '@' when i + 1 < sql.Length && IsNameChar(sql[i + 1]) && (i == 0 || !IsNameChar(sql[i - 1])):
                {
                    var end = i + 1;
                    while (end < sql.Length && IsNameChar(sql[end])) end++;
                    var name = sql[(i + 1)..end];
                    var number = current.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                    if (number < 0)
                    {
                        current.Add(name);
                        number = current.Count - 1;
                    }
                    text.Append('$').Append(number + 1);
                    i = end;
                    continue;
                }
                case ';':
                    End();
                    i++;
                    continue;
                default:
                    text.Append(c);
                    i++;
                    continue;
            }
        }
        End();
        return statements.Count == 0 ? null : new PositionalSql([.. statements], [.. names]);

        void End()
        {
            var statement = text.ToString().Trim();
            text.Clear();
            if (statement.Length == 0)
            {
                if (current.Count > 0) throw new InvalidOperationException("Parameters outside a statement.");
                return;
            }
            statements.Add(statement);
            names.Add([.. current]);
            current.Clear();
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
