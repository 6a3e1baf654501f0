using CoProduction.Bot.Accounts;
using CoProduction.Bot.Conversations;
using CoProduction.Bot.Hosting;
using CoProduction.Bot.Interviews;
using CoProduction.Bot.Safety;
using CoProduction.Bot.Operations;
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

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StoreBusyHandler>();
builder.Services.AddExceptionHandler<JobQueueRefusedHandler>();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
builder.Services.AddStore(builder.Configuration, data.Path);
builder.Services.AddSingleton<IOutbox, StoreOutbox>();
builder.Services.AddTwilio();
builder.Services.AddConversations();
builder.Services.AddStaff(builder.Configuration, builder.Environment);
builder.Services.AddCoProduction();
builder.Services.AddWebChat();
builder.Services.AddInterviews();
builder.Services.AddSchedulingHost(builder.Configuration);
builder.Services.AddOperations(builder.Configuration);
builder.Services.AddTransportSecurity();
builder.Services.AddServerSettings();

var app = builder.Build();

await app.PrepareStoreAsync();
// First: everything after it sees the client's address, scheme and host as the proxy received them.
app.UseForwardedHeaders();
app.UseTransportSecurity();
app.UseTurnErrorBoundary();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestGuard();
app.UseStaticFiles();
// Before authentication: the OpenID Connect handler answers its callback inside UseAuthentication.
app.UseRateLimiter();
// Authentication and authorization, for every request but Twilio's webhooks and web chat's (each carries its own proof, never a sign-in).
app.UseSignInExceptForWebhooks();

app.MapOperations();
app.MapTwilio();
app.MapApi();
app.MapPasskeyOptions();
app.MapWebChat();
app.MapJobDashboard();
app.MapRazorPages();
app.MapGet("/", () => Results.Redirect("/staff"));

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
