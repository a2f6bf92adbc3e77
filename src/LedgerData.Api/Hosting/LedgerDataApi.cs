using LedgerData.Api.Clients;
using LedgerData.Api.Endpoints;
using LedgerData.Api.OpenApi;
using LedgerData.Api.Problems;
using LedgerData.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Hosting;

/// <summary>Wires the reference host: LedgerData from configuration, API keys, problem details and endpoints.</summary>
internal static class LedgerDataApi
{
    /// <summary>Where the host listens when no URL is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The largest request body accepted; a checkout is a few hundred bytes.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The configuration section of LedgerData and of this host.</summary>
    public const string SectionName = "LedgerData";

    /// <summary>Registers LedgerData and everything the host's endpoints use.</summary>
    public static WebApplicationBuilder AddLedgerDataApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (!HasConfiguredUrls(configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var section = configuration.GetSection(SectionName);
        builder.Services.AddLedgerData(section);
        builder.Services.PostConfigure<LedgerDataOptions>(options =>
            options.ConnectionString = DatabaseLocation.ResolveConnectionString(
                options, configuration, builder.Environment.ContentRootPath));

        builder.Services.AddOptions<ApiOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddSingleton<ApiClientDirectory>();

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemTypes.ApplyDefault);
        builder.Services.AddExceptionHandler<TransientDatabaseExceptionHandler>();
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>();
            options.AddOperationTransformer<ApiKeySecuritySchemeTransformer>();
            options.AddOperationTransformer<ResponseHeadersTransformer>();
        });

        // Numbers are numbers: the host reads no number from a string, so the OpenAPI schemas say integer.
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);

        builder.Services.AddHostedService<DatabasePreparation>();
        builder.Services.AddHostedService<ExpiredAttemptPurge>();
        return builder;
    }

    /// <summary>Maps the host's middleware and endpoints.</summary>
    public static WebApplication MapLedgerDataApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapOpenApi();
        app.MapHealthEndpoints();

        var authenticated = app.MapGroup(string.Empty).AddEndpointFilter<ApiKeyFilter>();
        authenticated.MapCheckoutEndpoints();
        authenticated.MapInventoryEndpoints();
        return app;
    }

    // --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS and Kestrel endpoints all win over the default.
    private static bool HasConfiguredUrls(ConfigurationManager configuration)
        => !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
}
