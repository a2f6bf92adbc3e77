namespace LedgerData.Checkout;

/// <summary>
/// The one definition of how a checkout attempt may move: pending → processing → fulfilled | failed, and
/// failed → processing when failed attempts may be retried. Migration 002 enforces the same graph in the database.
/// </summary>
internal static class CheckoutStateMachine
{
    /// <summary>
    /// A guarded transition: it changes the row only if the row is still in the expected state, so two
    /// transactions can never both make the same move.
    /// </summary>
    public const string TransitionSql = """
        UPDATE checkout_attempts
        SET processing_state = @ToState, result_payload = @ResultPayload, updated_at = @Now
        WHERE scope = @Scope AND attempt_id = @AttemptId AND processing_state = @FromState
        """;

    public static bool CanMove(ProcessingState from, ProcessingState to) => (from, to) switch
    {
        (ProcessingState.Pending, ProcessingState.Processing) => true,
        (ProcessingState.Processing, ProcessingState.Fulfilled or ProcessingState.Failed) => true,
        (ProcessingState.Failed, ProcessingState.Processing) => true,
        _ => false,
    };

    public static bool IsFinished(ProcessingState state)
        => state is ProcessingState.Fulfilled or ProcessingState.Failed;

    public static string ToDatabase(ProcessingState state) => state switch
    {
        ProcessingState.Pending => "pending",
        ProcessingState.Processing => "processing",
        ProcessingState.Fulfilled => "fulfilled",
        ProcessingState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown processing state."),
    };

    public static ProcessingState FromDatabase(string state) => state switch
    {
        "pending" => ProcessingState.Pending,
        "processing" => ProcessingState.Processing,
        "fulfilled" => ProcessingState.Fulfilled,
        "failed" => ProcessingState.Failed,
        _ => throw new InvalidOperationException($"The database holds an unknown processing state '{state}'."),
    };
}
