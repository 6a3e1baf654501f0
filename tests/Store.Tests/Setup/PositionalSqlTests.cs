using CoProduction.Store.Setup;
using Npgsql;

namespace CoProduction.Store.Tests.Setup;

/// <summary>
/// A turn's named-parameter text as PostgreSQL takes it without Npgsql rewriting it on every execution:
/// split into statements, each statement's parameters numbered in its own order. What the turns store
/// with it is tested on PostgreSQL by every turn test (PreparedTurnTests and the rest run on both providers).
/// </summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Parse_SplitsTheStatements_AndNumbersEachOnesParameters_ANameUsedTwiceKeepingItsNumber()
    {
        var sql = PositionalSql.Parse("SELECT a FROM t WHERE p = @phone LIMIT 1;\nSELECT 1 WHERE h = @hash OR p = @Phone OR q = @hash; SELECT @address");

        Assert.NotNull(sql);
        Assert.Equal(["SELECT a FROM t WHERE p = $1 LIMIT 1", "SELECT 1 WHERE h = $1 OR p = $2 OR q = $1", "SELECT $1"], sql.Statements);
        Assert.Equal<string[]>([["phone"], ["hash", "Phone"], ["address"]], sql.Names);
    }

    [Fact]
    public void Parse_LeavesQuotedTextAndNamesAlone_SemicolonsAndAtSignsIncluded()
    {
        var sql = PositionalSql.Parse("SELECT 'a;b @x it''s', \"odd;@name\"::text FROM t WHERE c = @c -- a note; @y\n");

        Assert.NotNull(sql);
        Assert.Equal(["SELECT 'a;b @x it''s', \"odd;@name\"::text FROM t WHERE c = $1 -- a note; @y"], sql.Statements);
        Assert.Equal<string[]>([["c"]], sql.Names);
    }

    [Theory]
    [InlineData("SELECT $1")]
    [InlineData("SELECT :name")]
    [InlineData("SELECT E'a\\'b' WHERE c = @c")]
    [InlineData("SELECT /* @c */ 1")]
    [InlineData("SELECT 'unterminated")]
    public void Parse_GivesNothing_ForTextItCannotReadWithCertainty_SoNpgsqlRewritesItAsBefore(string text)
    {
        Assert.Null(PositionalSql.Parse(text));
    }

    [Fact]
    public void AddTo_GivesEachStatementItsParametersInOrder_CopyingOneUsedByTwoStatements()
    {
        var sql = PositionalSql.Parse("SELECT @b, @a; SELECT @a")!;
        var a = new NpgsqlParameter("@a", 1);
        var b = new NpgsqlParameter("@b", "two");
        using var batch = new NpgsqlBatch();

        Assert.True(sql.AddTo(batch, [a, b, new NpgsqlParameter("@unused", 3)]));

        var commands = batch.BatchCommands.Cast<NpgsqlBatchCommand>().ToList();
        Assert.Equal(["SELECT $1, $2", "SELECT $1"], commands.Select(c => c.CommandText).ToArray());
        Assert.Equal(new object?[] { "two", 1 }, commands[0].Parameters.Select(p => p.Value).ToArray());
        var second = Assert.Single(commands[1].Parameters);
        Assert.Equal(1, second.Value);
        Assert.NotSame(a, second);
        Assert.All(commands.SelectMany(c => c.Parameters), p => Assert.Equal("", p.ParameterName));
    }

    [Fact]
    public void AddTo_ChangesNothing_WhenAStatementNamesAParameterNotGiven()
    {
        var sql = PositionalSql.Parse("SELECT @a; SELECT @missing")!;
        var a = new NpgsqlParameter("@a", 1);
        using var batch = new NpgsqlBatch();

        Assert.False(sql.AddTo(batch, [a]));

        Assert.Empty(batch.BatchCommands);
        Assert.Equal("@a", a.ParameterName);
    }
}
