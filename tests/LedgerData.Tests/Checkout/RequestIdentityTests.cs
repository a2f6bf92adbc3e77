using System.Text.Json;
using LedgerData.Checkout;

namespace LedgerData.Tests.Checkout;

public sealed class RequestIdentityTests
{
    [Test]
    public void Scope_and_key_cannot_collide_by_concatenation()
    {
        var first = Identity("ab", "c", "{}");
        var second = Identity("a", "bc", "{}");

        first.ClientRequestHash.Should().NotBe(second.ClientRequestHash);
        first.ClientRequestHash.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Test]
    public void The_same_scope_and_key_give_the_same_hash_and_another_scope_another_one()
    {
        Identity("client-a", "key", "{}").ClientRequestHash
            .Should().Be(Identity("client-a", "key", """{"x":1}""").ClientRequestHash)
            .And.NotBe(Identity("client-b", "key", "{}").ClientRequestHash);
    }

    [TestCase("""{"a":1,"b":[1,2]}""", """{ "b" : [ 1 , 2 ] , "a" : 1 }""")]
    [TestCase("""{"n":1.5}""", """{"n":1.50}""")]
    [TestCase("""{"n":1.5}""", """{"n":15e-1}""")]
    [TestCase("""{"n":100}""", """{"n":1E2}""")]
    [TestCase("""{"s":"é"}""", """{"s":"\u00e9"}""")]
    [TestCase("""{"n":0}""", """{"n":-0.0}""")]
    [TestCase("""{"n":1e400}""", """{"n":10e399}""")]
    [TestCase("""{"o":{"y":null,"x":true}}""", """{"o":{"x":true,"y":null}}""")]
    public void Equivalent_json_gives_the_same_fingerprint(string one, string other)
        => Identity("c", "k", one).RequestFingerprint.Should().Be(Identity("c", "k", other).RequestFingerprint);

    [TestCase("""{"n":1}""", """{"n":2}""")]
    [TestCase("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [TestCase("""{"s":"1"}""", """{"s":1}""")]
    [TestCase("""{"a":1}""", """{"a":1,"b":null}""")]
    [TestCase("""{"n":0.0000000000000000000000000000001}""", """{"n":0}""")]
    [TestCase("""{"n":1.00000000000000000000000000001}""", """{"n":1}""")]
    [TestCase("""{"n":100000000000000000000000000000001}""", """{"n":100000000000000000000000000000000}""")]
    [TestCase("""{"n":1e400}""", """{"n":2e400}""")]
    public void Different_requests_give_different_fingerprints(string one, string other)
        => Identity("c", "k", one).RequestFingerprint.Should().NotBe(Identity("c", "k", other).RequestFingerprint);

    [Test]
    public void A_key_may_use_every_visible_ascii_character()
    {
        var key = new string(Enumerable.Range(0x21, 0x7e - 0x21 + 1).Select(c => (char)c).ToArray());

        FluentActions.Invoking(() => Identity("c", key, "{}")).Should().NotThrow();
    }

    private static RequestIdentity Identity(string scope, string key, string json)
    {
        using var document = JsonDocument.Parse(json);
        return RequestIdentity.Of(new CheckoutRequest(scope, key, document.RootElement.Clone()));
    }
}
