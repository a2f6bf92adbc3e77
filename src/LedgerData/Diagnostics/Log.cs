using Microsoft.Extensions.Logging;

namespace LedgerData.Diagnostics;

/// <summary>
/// Every log message LedgerData writes, with its stable event id. Messages never carry idempotency keys in
/// clear, payloads or parameter values.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Unit of work began on {Provider}")]
    public static partial void UnitOfWorkBegan(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Unit of work committed after {Statements} statements")]
    public static partial void UnitOfWorkCommitted(ILogger logger, int statements);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Unit of work rolled back after {Statements} statements")]
    public static partial void UnitOfWorkRolledBack(ILogger logger, int statements);

    [LoggerMessage(
        EventId = 1004,
        Level = LogLevel.Information,
        Message = "Unit of work failed with a transient {Error}; running it again, attempt {Attempt} of {MaxAttempts}")]
    public static partial void RetryingUnitOfWork(ILogger logger, string error, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Applying migration script {Script}")]
    public static partial void ApplyingMigration(ILogger logger, string script);
}
