using CoProduction.Bot.Accounts;
using CoProduction.Bot.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CoProduction.Store.Accounts;

namespace CoProduction.Bot.Staff;

public static class StaffServices
{
    public const string StaffKeyFile = "staff-key.txt";

    public static IServiceCollection AddStaff(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.TryAddSingleton<LocalSecrets>();
        services.AddOptions<StaffOptions>()
            .BindConfiguration(StaffOptions.SectionName)
            .PostConfigure<LocalSecrets>((options, secrets) =>
            {
                if (!LocalSecrets.IsSet(options.ApiKey)) options.ApiKey = secrets.LoadOrCreate(StaffKeyFile);
            })
            .Validate(o => LocalSecrets.IsSet(o.ApiKey), LocalSecrets.Required("Staff:ApiKey"))
            .Validate(o => o.ApiKey is { Length: >= 16 }, "Staff:ApiKey must be at least 16 characters long")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyFilter>();
        services.AddOrganisationTime();
        services.AddScoped<RoundLauncher>();
        services.AddScoped<SendNow>();
        services.AddAccounts(configuration, environment);
        services.AddRazorPages(options =>
        {
            options.Conventions.ConfigureFilter(new Safety.UnknownHandlerFilter());
            options.Conventions.AuthorizeFolder("/Staff", Policies.Read);
            options.Conventions.AuthorizeFolder("/Staff/People", Policies.Staff);
            options.Conventions.AuthorizeFolder("/Staff/Rounds", Policies.Staff);
            options.Conventions.AuthorizeFolder("/Staff/Uploads", Policies.Staff);
            options.Conventions.AuthorizeFolder("/Staff/Board", Policies.Staff);
            options.Conventions.AuthorizeFolder("/Staff/Accounts", Policies.Admin);
            options.Conventions.AuthorizePage("/Staff/Disclosure", Policies.BoardOrAdmin);
            // People's own words: staff and the board read and tag them; only staff make quotes.
            options.Conventions.AuthorizeFolder("/Staff/FreeText", Policies.StaffOrBoard);
            options.Conventions.AuthorizePage("/Staff/FreeText/Quotes", Policies.Staff);
            options.Conventions.AllowAnonymousToPage("/Staff/SignIn");
            options.Conventions.AllowAnonymousToPage("/Staff/Setup");
            options.Conventions.AllowAnonymousToPage("/Staff/Denied");
        });
        return services;
    }
}
