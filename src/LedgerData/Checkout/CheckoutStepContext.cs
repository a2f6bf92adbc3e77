using System.Text.Json;
using LedgerData.Transactions;

namespace LedgerData.Checkout;

/// <summary>What a checkout step works with.</summary>
/// <param name="UnitOfWork">The checkout's unit of work; every statement of the step runs in it.</param>
/// <param name="Scope">The calling client.</param>
/// <param name="AttemptId">The attempt being executed.</param>
/// <param name="Payload">The request body, already validated by the step.</param>
public sealed record CheckoutStepContext(IUnitOfWork UnitOfWork, string Scope, Guid AttemptId, JsonElement Payload);
