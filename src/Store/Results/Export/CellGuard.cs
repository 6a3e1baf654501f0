using System.Globalization;

namespace CoProduction.Store.Results.Export;

/// <summary>
/// Keeps a spreadsheet from running what people typed: a cell starting with = + - @, a tab or a
/// carriage return is read as a formula by Excel, LibreOffice and Google Sheets (CSV injection),
/// so it gets a leading apostrophe, which they show as text. Plain numbers ("-2") stay numbers.
/// </summary>
public static class CellGuard
{
    public static string Neutralise(string value)
    {
        if (value.Length == 0 || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')) return value;
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)) return value;
        return "'" + value;
    }
}
