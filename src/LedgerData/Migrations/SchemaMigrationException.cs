namespace LedgerData.Migrations;

/// <summary>A migration script failed; it was rolled back, and the scripts before it stay applied.</summary>
public sealed class SchemaMigrationException : Exception
{
    /// <summary>Creates the exception for the failed script.</summary>
    public SchemaMigrationException(string? scriptName, Exception? innerException)
        : base($"The migration script {scriptName ?? "(unknown)"} failed and was rolled back: " +
            $"{innerException?.Message ?? "no detail"} Fix the cause and apply the scripts again.", innerException)
    {
        ScriptName = scriptName;
    }

    /// <summary>The file name of the failed script.</summary>
    public string? ScriptName { get; }
}
