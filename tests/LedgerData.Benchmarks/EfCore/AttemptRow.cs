namespace LedgerData.Benchmarks.EfCore;

/// <summary>A row of checkout_attempts as EF Core maps it.</summary>
internal sealed class AttemptRow
{
    public required string Scope { get; set; }

    public Guid AttemptId { get; set; }

    public required string ClientRequestHash { get; set; }

    public required string RequestFingerprint { get; set; }

    public required string ProcessingState { get; set; }

    public string? ResultPayload { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}
