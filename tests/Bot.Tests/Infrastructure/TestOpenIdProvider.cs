using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CoProduction.Bot.Tests.Infrastructure;

/// <summary>
/// A real OpenID provider (OpenIddict's server, clients kept in an EF Core in-memory store) on a
/// local port, standing in for Microsoft Entra: discovery, keys, the authorization endpoint with a
/// small sign-in form, and the token endpoint (code flow, PKCE required). Its address uses the name
/// "localhost" while the service is on 127.0.0.1, so to a browser the two are different sites, as
/// Entra and the service are.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "coproduction-tests";
    public const string ClientSecret = "test-client-secret-0123456789";
    public const string DisplayName = "Test Entra";

    private readonly WebApplication _app;

    private TestOpenIdProvider(WebApplication app, Uri authority)
    {
        _app = app;
        Authority = authority;
    }

    /// <summary>The provider's address, the service's Authority setting.</summary>
    public Uri Authority { get; }

    /// <summary>The service's settings for signing in with this provider.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Authentication:OpenIdConnect:Authority"] = Authority.ToString(),
        ["Authentication:OpenIdConnect:ClientId"] = ClientId,
        ["Authentication:OpenIdConnect:ClientSecret"] = ClientSecret,
        ["Authentication:OpenIdConnect:DisplayName"] = DisplayName,
        ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
    };

    /// <summary>The provider's id for a person: the same email always gives the same person.</summary>
    public static string SubjectFor(string email) => "person-" + email.Trim().ToLowerInvariant();

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var store = Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<ProviderStore>(o => o.UseInMemoryDatabase(store).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderStore>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.Email, Scopes.Profile);
                // An EC signing key and a symmetric encryption key: making RSA keys took over a minute on
                // a busy CI machine, and these are made at once.
                o.AddSigningKey(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)));
                o.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Delegate)AuthorizeAsync);
        app.MapPost("/connect/token", (Delegate)TokenAsync);
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return new TestOpenIdProvider(app, new Uri($"http://localhost:{port}/"));
    }

    /// <summary>Registers the service as a client, with its callback address (known once the service has started).</summary>
    public async Task RegisterClientAsync(Uri serviceBase)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId, ClientSecret = ClientSecret, ClientType = ClientTypes.Confidential, DisplayName = "CoProduction",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        descriptor.RedirectUris.Add(new Uri(serviceBase, "signin-oidc"));
        await applications.CreateAsync(descriptor);
    }

    /// <summary>
    /// The provider's sign-in: first a form (the request's own parameters carried in hidden fields),
    /// then, with an email address, the person is signed in and sent back with a code.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var email = context.Request.HasFormContentType ? context.Request.Form["provider_email"].ToString() : "";
        if (string.IsNullOrWhiteSpace(email)) return Microsoft.AspNetCore.Http.Results.Content(SignInForm(request), "text/html; charset=utf-8");

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, SubjectFor(email)));
        identity.AddClaim(new Claim(Claims.Email, email.Trim()));
        identity.AddClaim(new Claim(Claims.EmailVerified, context.Request.Form.ContainsKey("provider_verified") ? "true" : "false", ClaimValueTypes.Boolean));
        identity.AddClaim(new Claim(Claims.Name, email.Trim()));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        await Task.CompletedTask;
        return Microsoft.AspNetCore.Http.Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        if (!request.IsAuthorizationCodeGrantType()) return Microsoft.AspNetCore.Http.Results.BadRequest();
        // The code's own principal (checked by OpenIddict: not used before, PKCE verifier right) becomes the tokens.
        var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return Microsoft.AspNetCore.Http.Results.SignIn(code.Principal!, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string SignInForm(OpenIddictRequest request)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><title>Test Entra</title></head><body><main><h1>Test Entra sign-in</h1><form method=\"post\">");
        foreach (var (name, value) in request.GetParameters())
        {
            html.Append($"<input type=\"hidden\" name=\"{HtmlEncoder.Default.Encode(name)}\" value=\"{HtmlEncoder.Default.Encode(value.ToString() ?? "")}\" />");
        }
        html.Append("<label for=\"provider_email\">Work email</label><input id=\"provider_email\" name=\"provider_email\" type=\"email\" />");
        html.Append("<label><input name=\"provider_verified\" type=\"checkbox\" checked /> The provider has checked this address</label>");
        html.Append("<button type=\"submit\">Sign in at Test Entra</button></form></main></body></html>");
        return html.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class ProviderStore(DbContextOptions<ProviderStore> options) : DbContext(options);
}
