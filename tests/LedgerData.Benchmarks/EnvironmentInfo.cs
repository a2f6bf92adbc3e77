namespace LedgerData.Benchmarks;

/// <summary>The machine, databases and settings a run measured, for the report's header.</summary>
internal sealed record EnvironmentInfo
{
    public required DateTimeOffset StartedAt { get; init; }

    public string? Commit { get; init; }

    public required string Machine { get; init; }

    public required string Runtime { get; init; }

    public required string BuildConfiguration { get; init; }

    public required double DurationSeconds { get; init; }

    public required double WarmupSeconds { get; init; }

    public required bool Smoke { get; init; }

    public string? PostgresVersion { get; init; }

    public IReadOnlyDictionary<string, string> PostgresSettings { get; init; } = new Dictionary<string, string>();

    public string? SqliteVersion { get; init; }

    public IReadOnlyDictionary<string, string> SqliteSettings { get; init; } = new Dictionary<string, string>();
}
