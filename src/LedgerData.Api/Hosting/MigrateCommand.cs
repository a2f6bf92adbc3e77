using LedgerData.Api.Diagnostics;
using LedgerData.DependencyInjection;
using LedgerData.Migrations;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Hosting;

/// <summary>The <c>migrate</c> verb: applies the pending migration scripts to the configured database.</summary>
internal static class MigrateCommand
{
    /// <summary>The first command-line argument that selects this command.</summary>
    public const string Verb = "migrate";

    /// <summary>Applies the scripts with the host's own configuration and returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLedgerDataApi();
        var app = builder.Build();
        await using (app.ConfigureAwait(false))
        {
            var logger = app.Services.GetRequiredService<ILogger<SchemaMigrator>>();
            try
            {
                var options = app.Services.GetRequiredService<IOptions<LedgerDataOptions>>().Value;
                var database = DatabaseLocation.Describe(options);
                ApiLog.UsingDatabase(logger, database);
                DatabaseLocation.EnsureSqliteFolder(options);

                var applied = app.Services.GetRequiredService<SchemaMigrator>().Apply();
                foreach (var script in applied)
                {
                    ApiLog.AppliedMigration(logger, script.Name);
                }

                ApiLog.SchemaUpToDate(logger, applied.Count);
                return 0;
            }
            catch (Exception exception) when (exception is SchemaMigrationException or OptionsValidationException)
            {
                ApiLog.MigrationFailed(logger, exception.Message);
                return 1;
            }
        }
    }
}
