namespace LedgerData.Migrations;

/// <summary>A migration script failed; it was rolled back, and the scripts before it stay applied.</summary>
public sealed class SchemaMigrationException : Exception
{
    /// <summary>Creates the exception for the failed script.</summary>
    public SchemaMigrationException(string? scriptName, Exception? innerException)
        : base($"The migration script {scriptName ?? "(unknown)"} failed and was rolled back: " +
            $"{Cause(innerException)} Fix the cause and apply the scripts again.", innerException)
    {
        ScriptName = scriptName;
    }

    /// <summary>The file name of the failed script.</summary>
    public string? ScriptName { get; }

    // The first line of the provider's message, ended as a sentence: PostgreSQL's messages go on with lines such
    // as POSITION, and some end with a full stop and some do not. The whole message stays on the inner exception.
    private static string Cause(Exception? innerException)
    {
        var firstLine = (innerException?.Message ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        if (string.IsNullOrEmpty(firstLine))
        {
            return "no detail was given.";
        }

        return firstLine.EndsWith('.') || firstLine.EndsWith('!') || firstLine.EndsWith('?')
            ? firstLine
            : firstLine + ".";
    }
}
