using System.Net;
using System.Text.Json;

namespace LedgerData.Tests.Api;

public sealed class InventoryAndHealthEndpointTests(DatabaseProvider provider) : ApiHostFixture(provider)
{
    [Test]
    public async Task Get_returns_the_clients_own_stock_and_404_for_a_sku_it_does_not_stock()
    {
        var sku = await StockNewSkuAsync(AdminClient, 4);

        using var own = await Http.SendAsync(Get(AdminKey, "/inventory/" + sku));
        using var other = await Http.SendAsync(Get(OtherKey, "/inventory/" + sku));

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.Content.ReadAsStringAsync()).Should().Be($$"""{"sku":"{{sku}}","available":4}""");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadProblemAsync(other)).GetProperty("type").GetString().Should().Be("/problems/unknown-sku");
    }

    [Test]
    public async Task An_admin_sets_stock_with_put_and_reads_it_back()
    {
        var sku = "SKU-PUT-" + Guid.NewGuid().ToString("N")[..8];

        using var put = await Http.SendAsync(Put(AdminKey, "/inventory/" + sku, """{"available":12}"""));
        using var again = await Http.SendAsync(Put(AdminKey, "/inventory/" + sku, """{"available":12}"""));
        using var get = await Http.SendAsync(Get(AdminKey, "/inventory/" + sku));

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await get.Content.ReadAsStringAsync()).Should().Be($$"""{"sku":"{{sku}}","available":12}""");
    }

    [Test]
    public async Task A_client_that_is_not_admin_gets_403_from_put()
    {
        var sku = "SKU-DENIED-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await Http.SendAsync(Put(OtherKey, "/inventory/" + sku, """{"available":1}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ReadProblemAsync(response)).GetProperty("type").GetString().Should().Be("/problems/forbidden");
        (await Database.ScalarAsync(
            "SELECT count(*) FROM inventory_items WHERE sku = @sku", ("sku", sku))).Should().BeEquivalentTo(0);
    }

    [TestCase("""{"available":-1}""")]
    [TestCase("""{"available":"7"}""")]
    [TestCase("""{"available":1.5}""")]
    [TestCase("""{}""")]
    [TestCase("""not json""")]
    public async Task Put_with_a_negative_or_invalid_quantity_is_400(string body)
    {
        var sku = "SKU-BAD-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await Http.SendAsync(Put(AdminKey, "/inventory/" + sku, body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadProblemAsync(response)).GetProperty("type").GetString().Should().Be("/problems/invalid-body");
        (await Database.ScalarAsync(
            "SELECT count(*) FROM inventory_items WHERE sku = @sku", ("sku", sku))).Should().BeEquivalentTo(0);
    }

    [Test]
    public async Task Health_is_200_without_an_api_key()
    {
        using var response = await Http.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"healthy\"");
    }

    [Test]
    public async Task The_openapi_document_lists_the_responses_and_the_idempotency_key_header()
    {
        using var response = await Http.GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var post = document.RootElement.GetProperty("paths").GetProperty("/checkouts").GetProperty("post");
        post.GetProperty("responses").EnumerateObject().Select(status => status.Name)
            .Should().Contain(["201", "400", "401", "409", "413", "415", "422", "503"]);
        HeaderNames(post, "201").Should().Contain(["Location", "Idempotent-Replayed"]);
        HeaderNames(post, "409").Should().Contain(["Idempotent-Replayed", "Retry-After"]);
        var header = post.GetProperty("parameters").EnumerateArray()
            .Single(parameter => parameter.GetProperty("name").GetString() == "Idempotency-Key");
        header.GetProperty("in").GetString().Should().Be("header");
        header.GetProperty("required").GetBoolean().Should().BeTrue();
        document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey")
            .GetProperty("name").GetString().Should().Be("X-Api-Key");
    }

    [Test]
    public async Task Health_and_stock_reads_answer_while_a_writer_holds_the_database()
    {
        var sku = await StockNewSkuAsync(AdminClient, 4);
        await using var writer = await Database.Factory.BeginAsync();
        await writer.ExecuteAsync(
            "UPDATE inventory_items SET available = 3 WHERE scope = @Scope AND sku = @Sku",
            new { Scope = AdminClient, Sku = sku });

        using var health = await Http.GetAsync("/health");
        using var stock = await Http.SendAsync(Get(AdminKey, "/inventory/" + sku));

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await stock.Content.ReadAsStringAsync()).Should().Be($$"""{"sku":"{{sku}}","available":4}""");
    }

    private static IEnumerable<string> HeaderNames(JsonElement operation, string status)
        => operation.GetProperty("responses").GetProperty(status).GetProperty("headers")
            .EnumerateObject().Select(header => header.Name);
}
