namespace LedgerData.Migrations;

/// <summary>One numbered script from the repository's <c>sql</c> folder, as the library ships it.</summary>
/// <param name="Version">The number the script records in <c>schema_migrations</c>, such as <c>001</c>.</param>
/// <param name="Name">The file name, such as <c>001_operation_ledger_and_checkout_attempts.sql</c>.</param>
/// <param name="Contents">The script text, byte for byte the file a DBA runs by hand.</param>
public sealed record MigrationScript(string Version, string Name, string Contents);
