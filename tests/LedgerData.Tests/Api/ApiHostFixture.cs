using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LedgerData.Api.Hosting;
using LedgerData.Checkout;
using LedgerData.Inventory;
using LedgerData.Tests.Infrastructure;
using LedgerData.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LedgerData.Tests.Api;

/// <summary>
/// Runs the reference host, built by its own <c>AddLedgerDataApi</c> and <c>MapLedgerDataApi</c>, on a real
/// loopback port over the fixture's database, with three clients and a step the tests can slow down.
/// </summary>
public abstract class ApiHostFixture(DatabaseProvider provider) : DatabaseFixture(provider)
{
    protected const string AdminClient = "alpha";
    protected const string AdminKey = "alpha-key-0123456789";
    protected const string OtherClient = "beta";
    protected const string OtherKey = "beta-key-0123456789";
    protected const string RetryingClient = "gamma";
    protected const string RetryingKey = "gamma-key-0123456789";

    /// <summary>How long a repeat waits for a running request with its key before the host answers 409.</summary>
    protected static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(2);

    private WebApplication? app;

    internal GatedStep Step { get; } = new();

    protected Uri BaseAddress { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LedgerData:Provider"] = Provider.ToString(),
            ["ConnectionStrings:Ledger"] = Database.ConnectionString,
            ["LedgerData:InFlightWait"] = InFlightWait.ToString(),
            ["LedgerData:SeedDemoData"] = "false",
            ["LedgerData:Clients:0:Name"] = AdminClient,
            ["LedgerData:Clients:0:ApiKey"] = AdminKey,
            ["LedgerData:Clients:0:IsAdmin"] = "true",
            ["LedgerData:Clients:1:Name"] = OtherClient,
            ["LedgerData:Clients:1:ApiKey"] = OtherKey,
            ["LedgerData:Clients:2:Name"] = RetryingClient,
            ["LedgerData:Clients:2:ApiKey"] = RetryingKey,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddLedgerDataApi();
        builder.Services.AddSingleton<ICheckoutStep>(Step);

        app = builder.Build();
        app.MapLedgerDataApi();
        await app.StartAsync();

        BaseAddress = new Uri(app.Urls.Single());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>A SKU no other test uses, stocked for the client.</summary>
    protected async Task<string> StockNewSkuAsync(string scope, int available)
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await Factory.RunAsync(async (unitOfWork, token) =>
        {
            await new InventoryRepository(unitOfWork).SetAvailableAsync(scope, sku, available, token);
            return true;
        });
        return sku;
    }

    protected static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    protected static string OrderBody(string orderId, string sku, int quantity)
        => JsonSerializer.Serialize(new { orderId, items = new[] { new { sku, quantity } } });

    protected static HttpRequestMessage Checkout(string apiKey, string? idempotencyKey, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/checkouts")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    protected static HttpRequestMessage Get(string apiKey, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    protected static HttpRequestMessage Put(string apiKey, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    /// <summary>Reads a problem body, checking that it is served as application/problem+json.</summary>
    protected static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected Task<long> CountAttemptsAsync(string scope) => Database.CountAsync("checkout_attempts", scope);
}
