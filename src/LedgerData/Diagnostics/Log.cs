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

    [LoggerMessage(
        EventId = 1002, Level = LogLevel.Debug, Message = "Unit of work committed after {Statements} statements")]
    public static partial void UnitOfWorkCommitted(ILogger logger, int statements);

    [LoggerMessage(
        EventId = 1003, Level = LogLevel.Debug, Message = "Unit of work rolled back after {Statements} statements")]
    public static partial void UnitOfWorkRolledBack(ILogger logger, int statements);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Applying migration script {Script}")]
    public static partial void ApplyingMigration(ILogger logger, string script);

    [LoggerMessage(
        EventId = 2001, Level = LogLevel.Debug, Message = "Checkout {AttemptId} completed for key hash {KeyHash}")]
    public static partial void CheckoutCompleted(ILogger logger, Guid attemptId, string keyHash);

    [LoggerMessage(
        EventId = 2002,
        Level = LogLevel.Information,
        Message = "Checkout {AttemptId} replayed for key hash {KeyHash}")]
    public static partial void CheckoutReplayed(ILogger logger, Guid attemptId, string keyHash);

    [LoggerMessage(
        EventId = 2003,
        Level = LogLevel.Warning,
        Message = "Key hash {KeyHash} was reused with a different request; nothing ran")]
    public static partial void CheckoutPayloadMismatch(ILogger logger, string keyHash);

    [LoggerMessage(
        EventId = 2004,
        Level = LogLevel.Information,
        Message = "Key hash {KeyHash} is still in progress after the in-flight wait")]
    public static partial void CheckoutInProgress(ILogger logger, string keyHash);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Checkout {AttemptId} rejected: {Reason}")]
    public static partial void CheckoutRejected(ILogger logger, Guid attemptId, string reason);

    [LoggerMessage(
        EventId = 2006,
        Level = LogLevel.Information,
        Message = "Checkout for key hash {KeyHash} failed transiently ({Error}); running it again, attempt {Attempt}")]
    public static partial void CheckoutRetrying(ILogger logger, string keyHash, string error, int attempt);

    [LoggerMessage(
        EventId = 2007,
        Level = LogLevel.Error,
        Message = "Checkout for key hash {KeyHash} failed; its unit of work did not commit")]
    public static partial void CheckoutFailed(ILogger logger, Exception exception, string keyHash);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Purged {Count} expired checkout attempts")]
    public static partial void AttemptsPurged(ILogger logger, int count);
}
