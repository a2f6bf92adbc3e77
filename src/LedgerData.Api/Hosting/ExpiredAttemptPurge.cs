using LedgerData.Api.Diagnostics;
using LedgerData.Checkout;
using Microsoft.Extensions.Options;

namespace LedgerData.Api.Hosting;

/// <summary>
/// Deletes expired checkout attempts every <see cref="ApiOptions.PurgeInterval"/>, so that their keys are new again.
/// </summary>
internal sealed class ExpiredAttemptPurge(
    CheckoutProcessor processor,
    IOptions<ApiOptions> options,
    TimeProvider timeProvider,
    ILogger<ExpiredAttemptPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, timeProvider);
        try
        {
            do
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the next start purges what is left.
        }
    }

    private async Task PurgeOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            var deleted = await processor.PurgeExpiredAsync(options.Value.PurgeBatchSize, stoppingToken)
                .ConfigureAwait(false);
            if (deleted > 0)
            {
                ApiLog.PurgedExpiredAttempts(logger, deleted);
            }
        }
#pragma warning disable CA1031 // A failed purge must not stop the host; the next tick tries again.
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            ApiLog.PurgeFailed(logger, exception);
        }
    }
}
