using LedgerData.Checkout;
using LedgerData.Migrations;
using LedgerData.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using System.Diagnostics.Metrics;

namespace LedgerData.DependencyInjection;

/// <summary>Registers LedgerData's services in a host's service collection.</summary>
public static class LedgerDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers LedgerData with options bound from <paramref name="section"/> (such as the <c>LedgerData</c>
    /// section): the unit-of-work factory, the schema migrator and the checkout processor, all singletons.
    /// </summary>
    public static IServiceCollection AddLedgerData(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<LedgerDataOptions>().Bind(section);
        return services.AddLedgerDataCore();
    }

    /// <summary>
    /// Registers LedgerData with options set by <paramref name="configure"/>: the unit-of-work factory, the
    /// schema migrator and the checkout processor, all singletons.
    /// </summary>
    public static IServiceCollection AddLedgerData(
        this IServiceCollection services, Action<LedgerDataOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<LedgerDataOptions>().Configure(configure);
        return services.AddLedgerDataCore();
    }

    /// <summary>How many statements Npgsql may keep prepared per connection, unless configured otherwise.</summary>
    public const int RecommendedMaxAutoPrepare = 32;

    private static IServiceCollection AddLedgerDataCore(this IServiceCollection services)
    {
        services.AddOptions<LedgerDataOptions>().ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<LedgerDataOptions>, LedgerDataOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One data source for the whole process: it owns the connection pool. A host that registers its own
        // NpgsqlDataSource first keeps it.
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LedgerDataOptions>>().Value;
            if (options.Provider != DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException(
                    $"LedgerData runs on {options.Provider}, so there is no NpgsqlDataSource; " +
                    "set LedgerData:Provider to Postgres to use one.");
            }

            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString)
                .UseLoggerFactory(provider.GetService<ILoggerFactory>());

            // Every checkout sends the same few statements; letting Npgsql prepare them once they recur about
            // halves a checkout's time (see the README's Performance section). A connection string that sets
            // Max Auto Prepare keeps its own value.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = RecommendedMaxAutoPrepare;
            }

            return builder.Build();
        });

        services.TryAddSingleton<IUnitOfWorkFactory>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LedgerDataOptions>>().Value;
            var loggerFactory = provider.GetService<ILoggerFactory>();
            var factoryOptions = new UnitOfWorkFactoryOptions { DefaultLockTimeout = options.LockTimeout };
            return options.Provider == DatabaseProvider.Postgres
                ? new PostgresUnitOfWorkFactory(
                    provider.GetRequiredService<NpgsqlDataSource>(), factoryOptions, loggerFactory)
                : new SqliteUnitOfWorkFactory(options.ConnectionString!, factoryOptions, loggerFactory);
        });

        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LedgerDataOptions>>().Value;
            return new SchemaMigrator(
                options.Provider, options.ConnectionString!, provider.GetService<ILoggerFactory>());
        });

        // The step is the host's to replace: register an ICheckoutStep and the processor runs it instead of the
        // inventory reservation.
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LedgerDataOptions>>().Value;
            var checkoutOptions = new CheckoutOptions
            {
                InFlightWait = options.InFlightWait,
                Retention = options.Retention,
                FailedAttempts = options.FailedAttempts,
                TransientRetry = TransientRetryPolicy.Default with { MaxAttempts = options.TransientRetryAttempts },
            };
            return new CheckoutProcessor(
                provider.GetRequiredService<IUnitOfWorkFactory>(),
                checkoutOptions,
                provider.GetService<ICheckoutStep>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetService<ILoggerFactory>(),
                provider.GetService<IMeterFactory>());
        });

        return services;
    }
}
