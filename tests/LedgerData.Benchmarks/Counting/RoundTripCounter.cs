using System.Diagnostics;

namespace LedgerData.Benchmarks.Counting;

/// <summary>
/// Counts what a client sends to PostgreSQL. Npgsql starts one activity (on its ActivitySource "Npgsql") per command
/// or batch it executes, and each is one round trip, however many statements it carries; transaction ends, which
/// Npgsql sends without a command, are reported to <see cref="TransactionEnded"/> by whoever issues them. BEGIN
/// costs nothing: Npgsql sends it in front of the transaction's first command.
/// </summary>
internal sealed class RoundTripCounter : IDisposable
{
    private readonly ActivityListener listener;
    private long commands;
    private long statements;
    private long transactionEnds;

    public RoundTripCounter()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Count,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public long RoundTrips => Interlocked.Read(ref commands) + Interlocked.Read(ref transactionEnds);

    public long Statements => Interlocked.Read(ref statements);

    public long Commands => Interlocked.Read(ref commands);

    public long TransactionEnds => Interlocked.Read(ref transactionEnds);

    public void TransactionEnded() => Interlocked.Increment(ref transactionEnds);

    public void Reset()
    {
        Interlocked.Exchange(ref commands, 0);
        Interlocked.Exchange(ref statements, 0);
        Interlocked.Exchange(ref transactionEnds, 0);
    }

    public void Dispose() => listener.Dispose();

    private void Count(Activity activity)
    {
        // Npgsql also traces opening physical connections; only activities carrying query text are commands.
        var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
        if (text is null)
        {
            return;
        }

        Interlocked.Increment(ref commands);
        Interlocked.Add(ref statements, CountStatements(text));
    }

    // The benchmark's SQL has no semicolons inside literals, so every non-empty piece between semicolons is one
    // statement. Npgsql's SET LOCAL prelude is part of LedgerData's first command and counts as a statement.
    private static int CountStatements(string text)
        => text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
}
