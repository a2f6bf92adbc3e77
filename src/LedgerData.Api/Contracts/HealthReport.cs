namespace LedgerData.Api.Contracts;

/// <summary>The body of a healthy <c>GET /health</c>.</summary>
/// <param name="Status">Always <c>healthy</c>.</param>
/// <param name="Provider">The database the host runs on.</param>
internal sealed record HealthReport(string Status, string Provider);
