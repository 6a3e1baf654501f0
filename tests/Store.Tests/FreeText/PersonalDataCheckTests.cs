using CoProduction.Store.FreeText;

namespace CoProduction.Store.Tests.FreeText;

/// <summary>The personal-data check as a table (FreeText/Tables/personal-data.tsv): what it must find, and what it must leave alone.</summary>
public sealed class PersonalDataCheckTests
{
    public static IEnumerable<object[]> Rows() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "FreeText", "Tables", "personal-data.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(cells => new object[] { cells[0], cells[1], cells.Length > 2 ? cells[2] : "" });

    [Theory]
    [MemberData(nameof(Rows))]
    public void Find_FindsExactlyWhatTheTableSays(string text, string kinds, string found)
    {
        var findings = PersonalDataCheck.Find(text);

        Assert.Equal(kinds == "-" ? "" : kinds, PersonalDataCheck.Flags(findings));
        if (found.Length > 0) Assert.Equal(found.Split('|'), findings.Select(f => f.Text));
    }

    [Fact]
    public void Table_HasAtLeastFortyRowsEachWay()
    {
        var rows = Rows().Select(r => (string)r[1]).ToList();

        Assert.True(rows.Count(k => k == "-") >= 40, "rows with nothing to find");
        Assert.True(rows.Count(k => k != "-") >= 40, "rows with something to find");
    }

    [Theory]
    [InlineData("Call Sarah on 07700 900123 or sarah@example.org", "Call [name] on [phone number] or [email address]")]
    [InlineData("Nothing personal here", "Nothing personal here")]
    public void Redact_ReplacesEachFinding_WithWhatItWas(string text, string expected)
    {
        Assert.Equal(expected, PersonalDataCheck.Redact(text));
    }

    [Fact]
    public void Redact_LeavesNothingTheCheckWouldFind()
    {
        foreach (var row in Rows())
        {
            Assert.False(PersonalDataCheck.HasPersonalData(PersonalDataCheck.Redact((string)row[0])), (string)row[0]);
        }
    }
}
