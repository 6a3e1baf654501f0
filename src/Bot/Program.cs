using CoProduction.Bot.Conversations;
using CoProduction.Bot.Hosting;
using CoProduction.Bot.Safety;
using CoProduction.Bot.Scheduling;
using CoProduction.Bot.Staff;
using CoProduction.Bot.Twilio;
using CoProduction.Bot.WebChat;
using CoProduction.Channels.Twilio;
using CoProduction.Channels.Voice;
using CoProduction.Store;
using CoProduction.Store.Board;

var builder = WebApplication.CreateBuilder(args);

var data = DataDirectory.From(builder.Configuration, builder.Environment);
builder.Services.AddSingleton(data);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    // With no configuration: an embedded SQLite store under data/.
    ["ConnectionStrings:Store"] = builder.Configuration.GetConnectionString("Store") ?? $"Data Source={Path.Combine(data.Path, "coproduction.db")}",
});

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StoreBusyHandler>();
builder.Services.AddExceptionHandler<CoProduction.Bot.Safety.BadRequestExceptionHandler>();
builder.Services.AddStore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSingleton<IOutbox, StoreOutbox>();
builder.Services.AddTwilioChannels();
builder.Services.AddTwilioVoice();
builder.Services.AddConversations();
builder.Services.AddStaff();
builder.Services.AddCoProduction();
builder.Services.AddWebChat();
builder.Services.AddSchedulingHost(builder.Configuration, data);

var app = builder.Build();

await app.PrepareStoreAsync();
app.UseTurnErrorBoundary();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestGuard();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", () => Results.Ok(new { status = "ready" }));
app.MapTwilio();
app.MapStaffApi();
app.MapReviewApi();
app.MapWebChat();
app.MapScheduling();
app.MapRazorPages();
app.MapGet("/", () => Results.Redirect("/staff"));

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
