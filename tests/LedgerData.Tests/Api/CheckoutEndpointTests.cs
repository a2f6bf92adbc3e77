using System.Net;
using System.Text.Json;

namespace LedgerData.Tests.Api;

public sealed class CheckoutEndpointTests(DatabaseProvider provider) : ApiHostFixture(provider)
{
    [Test]
    public async Task First_checkout_is_201_with_location_and_the_stored_result()
    {
        var sku = await StockNewSkuAsync(AdminClient, 10);

        using var response = await Http.SendAsync(Checkout(AdminKey, NewKey(), OrderBody("o-1", sku, 3)));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        var body = await response.Content.ReadAsStringAsync();
        using var result = JsonDocument.Parse(body);
        var attemptId = result.RootElement.GetProperty("attemptId").GetString();
        response.Headers.Location!.OriginalString.Should().Be("/checkouts/" + attemptId);
        result.RootElement.GetProperty("state").GetString().Should().Be("fulfilled");
        result.RootElement.GetProperty("orderId").GetString().Should().Be("o-1");
        result.RootElement.GetProperty("items")[0].GetProperty("quantity").GetInt32().Should().Be(3);
        result.RootElement.GetProperty("ledgerEntryId").GetInt64().Should().BePositive();

        using var stored = await Http.SendAsync(Get(AdminKey, "/checkouts/" + attemptId));
        stored.StatusCode.Should().Be(HttpStatusCode.OK);
        (await stored.Content.ReadAsStringAsync()).Should().Be(body);
        using var stock = await Http.SendAsync(Get(AdminKey, "/inventory/" + sku));
        (await stock.Content.ReadAsStringAsync()).Should().Be($$"""{"sku":"{{sku}}","available":7}""");
    }

    [Test]
    public async Task A_repeat_gets_the_same_status_and_bytes_with_the_replay_header()
    {
        var sku = await StockNewSkuAsync(AdminClient, 10);
        var key = NewKey();
        using var first = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-2", sku, 1)));

        using var repeat = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-2", sku, 1)));

        repeat.StatusCode.Should().Be(HttpStatusCode.Created);
        repeat.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        repeat.Headers.Location.Should().Be(first.Headers.Location);
        (await repeat.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        (await Database.ScalarAsync(
            "SELECT available FROM inventory_items WHERE scope = @scope AND sku = @sku",
            ("scope", AdminClient), ("sku", sku))).Should().BeEquivalentTo(9);
    }

    [Test]
    public async Task The_same_key_with_another_body_is_422_and_reveals_nothing()
    {
        var sku = await StockNewSkuAsync(AdminClient, 10);
        var key = NewKey();
        using var first = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-3", sku, 1)));

        using var changed = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-3", sku, 2)));

        changed.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await ReadProblemAsync(changed);
        problem.GetProperty("type").GetString().Should().Be("/problems/payload-mismatch");
        problem.GetProperty("status").GetInt32().Should().Be(422);
        problem.TryGetProperty("attemptId", out _).Should().BeFalse();
        changed.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
    }

    [TestCase(5, "insufficient-stock")]
    [TestCase(0, "unknown-sku")]
    public async Task A_business_refusal_is_409_and_replays_the_same_bytes(int stocked, string reason)
    {
        var sku = stocked > 0 ? await StockNewSkuAsync(AdminClient, stocked) : "SKU-NEVER-STOCKED";
        var key = NewKey();

        using var first = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-4", sku, 6)));
        using var repeat = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-4", sku, 6)));

        first.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await ReadProblemAsync(first);
        problem.GetProperty("type").GetString().Should().Be("/problems/" + reason);
        problem.GetProperty("status").GetInt32().Should().Be(409);
        problem.GetProperty("reason").GetString().Should().Be(reason);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("instance").GetString().Should()
            .Be("/checkouts/" + problem.GetProperty("attemptId").GetString());
        repeat.StatusCode.Should().Be(HttpStatusCode.Conflict);
        repeat.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await repeat.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("has space")]
    [TestCase("quote\"d and 256 long")]
    public async Task A_missing_or_malformed_key_is_400_and_stores_nothing(string? key)
    {
        if (key is not null && key.EndsWith("256 long", StringComparison.Ordinal))
        {
            key = new string('k', 256);
        }

        var sku = await StockNewSkuAsync(AdminClient, 10);
        var before = await CountAttemptsAsync(AdminClient);

        using var response = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-5", sku, 1)));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadProblemAsync(response)).GetProperty("type").GetString()
            .Should().Be("/problems/invalid-idempotency-key");
        (await CountAttemptsAsync(AdminClient)).Should().Be(before);
    }

    [TestCase("{\"orderId\":")]
    [TestCase("[]")]
    [TestCase("{\"orderId\":\"o-6\",\"items\":[]}")]
    [TestCase("{\"orderId\":\"o-6\",\"items\":[{\"sku\":\"A\",\"quantity\":0}]}")]
    public async Task A_malformed_body_is_400_and_stores_nothing(string body)
    {
        var before = await CountAttemptsAsync(AdminClient);

        using var response = await Http.SendAsync(Checkout(AdminKey, NewKey(), body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ReadProblemAsync(response);
        problem.GetProperty("type").GetString().Should().Be("/problems/invalid-body");
        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        (await CountAttemptsAsync(AdminClient)).Should().Be(before);
    }

    [Test]
    public async Task A_body_over_the_limit_is_413()
    {
        var body = "{\"orderId\":\"" + new string('x', 70 * 1024) + "\",\"items\":[]}";

        using var response = await Http.SendAsync(Checkout(AdminKey, NewKey(), body));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ReadProblemAsync(response)).GetProperty("type").GetString().Should().Be("/problems/payload-too-large");
    }

    [Test]
    public async Task A_repeat_while_the_first_still_runs_is_409_in_progress_with_retry_after()
    {
        var sku = await StockNewSkuAsync(AdminClient, 10);
        var key = NewKey();
        var gate = Step.HoldNext("o-7");
        var first = Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-7", sku, 1)));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        HttpResponseMessage repeat;
        try
        {
            repeat = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-7", sku, 1)));
        }
        finally
        {
            gate.Release.TrySetResult();
        }

        using (repeat)
        {
            repeat.StatusCode.Should().Be(HttpStatusCode.Conflict);
            repeat.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
            (await ReadProblemAsync(repeat)).GetProperty("type").GetString().Should().Be("/problems/in-progress");
        }

        using var completed = await first;
        completed.StatusCode.Should().Be(HttpStatusCode.Created);
        using var later = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-7", sku, 1)));
        later.StatusCode.Should().Be(HttpStatusCode.Created);
        later.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
    }

    [Test]
    public async Task Two_clients_with_one_key_get_independent_results()
    {
        var key = NewKey();
        var adminSku = await StockNewSkuAsync(AdminClient, 10);
        var otherSku = await StockNewSkuAsync(OtherClient, 1);

        using var admin = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-8", adminSku, 2)));
        using var other = await Http.SendAsync(Checkout(OtherKey, key, OrderBody("o-8", otherSku, 5)));

        admin.StatusCode.Should().Be(HttpStatusCode.Created);
        admin.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        other.StatusCode.Should().Be(HttpStatusCode.Conflict);
        other.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await ReadProblemAsync(other)).GetProperty("type").GetString().Should().Be("/problems/insufficient-stock");
    }

    [Test]
    public async Task Another_clients_checkout_is_404()
    {
        var sku = await StockNewSkuAsync(AdminClient, 10);
        using var created = await Http.SendAsync(Checkout(AdminKey, NewKey(), OrderBody("o-9", sku, 1)));

        using var foreign = await Http.SendAsync(Get(OtherKey, created.Headers.Location!.OriginalString));
        using var unknown = await Http.SendAsync(Get(AdminKey, "/checkouts/" + Guid.NewGuid()));

        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadProblemAsync(foreign)).GetProperty("type").GetString().Should().Be("/problems/not-found");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [TestCase(null)]
    [TestCase("not-a-client-key-000")]
    public async Task A_missing_or_unknown_api_key_is_401(string? apiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/checkouts")
        {
            Content = new StringContent(OrderBody("o-10", "A", 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", NewKey());
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().NotBeEmpty();
        (await ReadProblemAsync(response)).GetProperty("type").GetString().Should().Be("/problems/unauthorized");
    }

    [Test]
    public async Task A_key_sent_as_a_structured_field_string_names_the_same_key_as_the_bare_token()
    {
        var sku = await StockNewSkuAsync(AdminClient, 10);
        var key = NewKey();
        using var bare = await Http.SendAsync(Checkout(AdminKey, key, OrderBody("o-q", sku, 1)));

        using var quoted = await Http.SendAsync(Checkout(AdminKey, $"\"{key}\"", OrderBody("o-q", sku, 1)));
        using var broken = await Http.SendAsync(Checkout(AdminKey, $"\"{key}", OrderBody("o-q", sku, 1)));

        bare.StatusCode.Should().Be(HttpStatusCode.Created);
        quoted.StatusCode.Should().Be(HttpStatusCode.Created);
        quoted.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
