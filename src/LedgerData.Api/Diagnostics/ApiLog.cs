namespace LedgerData.Api.Diagnostics;

/// <summary>Every log message the host writes, with its stable event id; never keys, payloads or passwords.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "LedgerData database: {Database}")]
    public static partial void UsingDatabase(ILogger logger, string database);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Applied migration script {Script}")]
    public static partial void AppliedMigration(ILogger logger, string script);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "The schema is up to date; {Applied} script(s) applied now")]
    public static partial void SchemaUpToDate(ILogger logger, int applied);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Migration failed: {Reason}")]
    public static partial void MigrationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Stocked {Count} demo SKU level(s) for the configured clients")]
    public static partial void SeededDemoData(ILogger logger, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Try it: {Command}")]
    public static partial void TryIt(ILogger logger, string command);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Purged {Count} expired checkout attempt(s)")]
    public static partial void PurgedExpiredAttempts(ILogger logger, int count);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Purging expired checkout attempts failed")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Request {TraceId} failed")]
    public static partial void UnhandledRequestFailure(ILogger logger, Exception exception, string traceId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning,
        Message = "No API clients are configured on PostgreSQL, so the public demo key is an admin here; " +
            "configure LedgerData:Clients")]
    public static partial void DemoClientOnPostgres(ILogger logger);
}
