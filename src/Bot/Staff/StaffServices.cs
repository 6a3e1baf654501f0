using CoProduction.Bot.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CoProduction.Bot.Staff;

public static class StaffServices
{
    public const string StaffKeyFile = "staff-key.txt";

    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddOptions<StaffOptions>()
            .BindConfiguration(StaffOptions.SectionName)
            .PostConfigure<DataDirectory>((options, data) =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    options.ApiKey = CoProduction.Channels.LocalSecret.LoadOrCreate(data.Path, StaffKeyFile);
                }
            })
            .Validate(o => o.ApiKey is { Length: >= 16 }, "Staff:ApiKey must be at least 16 characters long")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyFilter>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/staff/signin";
                options.LogoutPath = "/staff/signout";
                options.Cookie.Name = "coproduction.staff";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromHours(10);
                options.SlidingExpiration = true;
                // The API answers 401 instead of redirecting to a sign-in page it cannot use.
                options.Events.OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/api"))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        services.AddRazorPages(options =>
        {
            options.Conventions.ConfigureFilter(new Safety.UnknownHandlerFilter());
            options.Conventions.AuthorizeFolder("/Staff");
            options.Conventions.AllowAnonymousToPage("/Staff/SignIn");
        });
        return services;
    }
}
