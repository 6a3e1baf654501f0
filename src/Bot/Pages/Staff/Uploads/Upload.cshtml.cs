using CoProduction.Bot.Accounts;
using CoProduction.Bot.Staff;
using CoProduction.Store;
using CoProduction.Surveys.Loading;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoProduction.Bot.Pages.Staff.Uploads;

/// <summary>
/// Upload a survey: a YAML file or an XLSForm spreadsheet. A file without a keyword gets a second
/// question, the keyword, suggested from its id (KoboToolbox's form_id) and allowed empty for a
/// survey sent only by invitation. The survey read from the file travels in the second form as
/// YAML and is read again when it comes back, so nothing is saved until staff press the button.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[RequestSizeLimit(StaffApi.MaxSurveyFileBytes * 3)]
public sealed class UploadModel(SurveyLibrary library) : StaffForm
{
    [BindProperty] public IFormFile? SurveyFile { get; set; }
    [BindProperty] public string? Yaml { get; set; }
    [BindProperty] public string? Keyword { get; set; }

    /// <summary>The survey waiting for its keyword (the second step), or null on the first.</summary>
    public string? WaitingSurvey { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (SurveyFile is null || SurveyFile.Length == 0)
        {
            Problem("survey-file", "Choose a survey file: a YAML file (.yaml) or an XLSForm spreadsheet (.xlsx).");
            return Refused();
        }
        if (SurveyFile.Length > StaffApi.MaxSurveyFileBytes)
        {
            Problem("survey-file", $"The file must be smaller than {StaffApi.MaxSurveyFileBytes / 1024} KB. A survey file is usually a few KB.");
            return Refused();
        }
        using var content = new MemoryStream();
        await SurveyFile.CopyToAsync(content, ct);
        content.Position = 0;
        var read = IsSpreadsheet(SurveyFile, content)
            ? SurveyUploads.Spreadsheet(content)
            : SurveyUploads.Yaml(await new StreamReader(content).ReadToEndAsync(ct));
        if (!read.Succeeded) return FileProblems(read.Errors, spreadsheet: IsSpreadsheet(SurveyFile, content));
        if (!read.Survey!.HasKeyword)
        {
            WaitingSurvey = read.Survey.Title;
            Yaml = read.Yaml;
            Keyword = SurveyUploads.SuggestKeyword(read.Survey.Id);
            return Page();
        }
        return await SaveAsync(read.Yaml!, ct);
    }

    public async Task<IActionResult> OnPostKeywordAsync(CancellationToken ct)
    {
        var read = SurveyUploads.Yaml(Yaml ?? "");
        if (!read.Succeeded)
        {
            Problem("survey-file", "The survey could not be read again. Upload the file once more.");
            return Refused();
        }
        WaitingSurvey = read.Survey!.Title;
        var withKeyword = SurveyUploads.WithKeyword(read.Survey, Keyword);
        var check = SurveyUploads.Yaml(withKeyword);
        if (!check.Succeeded)
        {
            foreach (var error in check.Errors) Problem(error.Field.StartsWith("keyword", StringComparison.Ordinal) ? "keyword" : "", Capital(error.Message) + ".");
            return Refused();
        }
        return await SaveAsync(withKeyword, ct);
    }

    private async Task<IActionResult> SaveAsync(string yaml, CancellationToken ct)
    {
        var saved = await library.ImportAsync(yaml, ct);
        if (!saved.Succeeded) return FileProblems(saved.Errors, spreadsheet: false);
        return Redirect($"/staff/review/{saved.SurveyId}?uploaded={saved.Version}");
    }

    private IActionResult FileProblems(IReadOnlyList<SurveyFileError> errors, bool spreadsheet)
    {
        foreach (var error in errors.Take(20))
        {
            // A spreadsheet's errors already name their sheet and row ("survey row 5 (happy)").
            var where = spreadsheet || error.Line == 0 ? Capital(error.Field) : $"Line {error.Line} ({error.Field})";
            Problem("survey-file", $"{where}: {error.Message}.");
        }
        if (errors.Count > 20) Problem("survey-file", $"And {errors.Count - 20} more problems. Fix these first and upload the file again.");
        return Refused();
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>An .xlsx is a zip file ("PK"); anything else is read as YAML text.</summary>
    private static bool IsSpreadsheet(IFormFile file, MemoryStream content) =>
        file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
        || (content.Length > 2 && content.GetBuffer()[0] == (byte)'P' && content.GetBuffer()[1] == (byte)'K');

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
