using LedgerData.Migrations;

namespace LedgerData.Tests.Migrations;

public sealed class SchemaMigrationExceptionTests
{
    private const string Script = "001_operation_ledger_and_checkout_attempts.sql";
    private const string Start = "The migration script " + Script + " failed and was rolled back: ";
    private const string End = " Fix the cause and apply the scripts again.";

    [TestCase("42703: column \"scope\" does not exist", "42703: column \"scope\" does not exist.",
        TestName = "A message without a full stop gets one")]
    [TestCase("SQLite Error 1: 'no such column: scope'.", "SQLite Error 1: 'no such column: scope'.",
        TestName = "A message with a full stop keeps just that one")]
    [TestCase("42703: column \"scope\" does not exist\n\nPOSITION: 8", "42703: column \"scope\" does not exist.",
        TestName = "Of a message on several lines, the first line is the cause")]
    [TestCase("  Is the server up?  ", "Is the server up?", TestName = "A question stays a question")]
    [TestCase("", "no detail was given.", TestName = "An empty message says there was no detail")]
    public void The_message_reads_as_sentences_whatever_the_inner_message(string inner, string cause)
    {
        var exception = new SchemaMigrationException(Script, new InvalidOperationException(inner));

        exception.Message.Should().Be(Start + cause + End);
    }

    [Test]
    public void Without_an_inner_exception_the_message_says_there_was_no_detail()
    {
        new SchemaMigrationException(null, null).Message.Should().Be(
            "The migration script (unknown) failed and was rolled back: no detail was given." + End);
    }
}
