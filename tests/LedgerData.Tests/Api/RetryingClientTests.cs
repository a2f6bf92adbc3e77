using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace LedgerData.Tests.Api;

/// <summary>
/// The failure the host exists to survive: a client whose per-try timeout is shorter than the checkout gives up
/// on its first try and sends the same request again with the same key, while the first is still running.
/// </summary>
public sealed class RetryingClientTests(DatabaseProvider provider) : ApiHostFixture(provider)
{
    private const string ClientName = "ledger";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    [Test]
    public async Task A_client_that_times_out_and_retries_gets_one_checkout_one_reservation_and_one_ledger_entry()
    {
        const int checkouts = 3;
        var observer = new AttemptObserver();
        await using var services = ResilientClientServices(observer);
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
        var sku = await StockNewSkuAsync(RetryingClient, 100);
        var bodies = new List<string>();

        for (var order = 0; order < checkouts; order++)
        {
            observer.Reset();
            var orderId = $"retry-{order}";
            var gate = Step.HoldNext(orderId);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/checkouts")
            {
                Content = new StringContent(OrderBody(orderId, sku, 2), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", NewKey());
            var sending = client.SendAsync(request);

            // The first try's checkout holds its key inside the database; the client's per-try timeout fires and
            // it sends the same request again. Only then does the slow checkout go on and commit.
            await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await observer.SecondAttemptSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
            gate.Release.TrySetResult();

            using var response = await sending;
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            response.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
            observer.Attempts.Should().BeGreaterThanOrEqualTo(2);
            observer.Outcomes[0].Should().Be("cancelled");
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        bodies.Select(body => JsonDocument.Parse(body).RootElement.GetProperty("attemptId").GetString())
            .Should().OnlyHaveUniqueItems().And.HaveCount(checkouts);
        (await Database.CountAsync("checkout_attempts", RetryingClient)).Should().Be(checkouts);
        (await Database.CountAsync("reservations", RetryingClient)).Should().Be(checkouts);
        (await Database.CountAsync("operation_ledger", RetryingClient)).Should().Be(checkouts);
        (await Database.ScalarAsync(
            "SELECT available FROM inventory_items WHERE scope = @scope AND sku = @sku",
            ("scope", RetryingClient), ("sku", sku))).Should().BeEquivalentTo(100 - (2 * checkouts));
    }

    private ServiceProvider ResilientClientServices(AttemptObserver observer)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, http =>
            {
                http.BaseAddress = BaseAddress;
                http.DefaultRequestHeaders.Add("X-Api-Key", RetryingKey);
            })
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = AttemptTimeout;
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(60);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
                options.Retry.MaxRetryAttempts = 5;
                options.Retry.BackoffType = DelayBackoffType.Constant;
                options.Retry.Delay = TimeSpan.FromMilliseconds(50);
                options.Retry.UseJitter = false;

                // Retrying a POST is safe here because it carries an Idempotency-Key, so retries are not
                // disabled for unsafe methods (DisableForUnsafeHttpMethods). The host's 409 with Retry-After means
                // "still running, ask again"; the other refusals are final.
                options.Retry.ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { StatusCode: HttpStatusCode.Conflict } response } =>
                        response.Headers.RetryAfter is not null,
                    { Result: { } response } => (int)response.StatusCode >= 500
                        || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
                    _ => false,
                });
            });
        services.AddHttpClient(ClientName).AddHttpMessageHandler(() => observer);
        return services.BuildServiceProvider();
    }
}
