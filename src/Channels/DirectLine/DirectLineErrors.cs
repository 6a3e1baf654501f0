using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// Errors in Direct Line's own shape, { "error": { "code", "message" } }, with the codes Azure
/// uses, because Direct Line clients read the status and sometimes the code. Messages are plain
/// English: a developer embedding the chat reads them, and nothing in them quotes user input.
/// </summary>
public static class DirectLineErrors
{
    public const string BadArgument = "BadArgument";
    public const string BadToken = "BadToken";
    public const string TokenExpired = "TokenExpired";
    public const string NotFound = "NotFound";
    public const string TooManyRequests = "TooManyRequests";

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, BadArgument, message);

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, BadToken, message);

    public static IResult Expired() => Error(
        StatusCodes.Status403Forbidden,
        TokenExpired,
        "This token has expired. Get a new token, or refresh tokens before they expire.");

    public static IResult ConversationNotFound() => Error(
        StatusCodes.Status404NotFound,
        NotFound,
        "There is no conversation with this id. It may have ended, or never been started.");

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorBody(new ErrorDetail(code, message)), statusCode: status);

    public sealed record ErrorBody([property: JsonPropertyName("error")] ErrorDetail Error);

    public sealed record ErrorDetail(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message);
}
