using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LedgerData.Checkout;
using Microsoft.Extensions.Logging;

namespace LedgerData.Tests.Checkout;

public sealed class CheckoutTelemetryTests(DatabaseProvider provider) : CheckoutFixture(provider)
{
    [Test]
    public async Task Each_outcome_is_counted_and_timed_on_the_LedgerData_meter()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 1);
        using var meters = new IsolatedMeterFactory();
        var measurements = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meters.Created.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            measurements.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
            measurements.AddOrUpdate(instrument.Name, 1, (_, count) => count + 1));
        listener.Start();
        var processor = new CheckoutProcessor(Factory, meterFactory: meters);

        await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 1)));
        await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 1)));
        await processor.ProcessAsync(Order(scope, "key-1", "order-1", ("apple", 2)));
        await processor.ProcessAsync(Order(scope, "key-2", "order-2", ("apple", 1)));

        measurements.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["ledgerdata.checkout.completed"] = 1,
            ["ledgerdata.checkout.replayed"] = 1,
            ["ledgerdata.checkout.payload_mismatch"] = 1,
            ["ledgerdata.checkout.rejected"] = 1,
            ["ledgerdata.checkout.duration"] = 4,
        });
    }

    [Test]
    public async Task Logs_never_carry_the_idempotency_key_or_the_payload_and_use_the_agreed_levels()
    {
        var scope = NewScope();
        await StockAsync(scope, "apple", 5);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(logs));
        var processor = new CheckoutProcessor(Factory, loggerFactory: loggerFactory);
        const string key = "very-secret-key-8c1f";
        const string orderId = "private-order-7a2e";

        await processor.ProcessAsync(Order(scope, key, orderId, ("apple", 1)));
        await processor.ProcessAsync(Order(scope, key, orderId, ("apple", 1)));
        await processor.ProcessAsync(Order(scope, key, orderId, ("apple", 3)));

        logs.Entries.Should().NotBeEmpty();
        logs.Entries.Should().NotContain(entry => entry.Message.Contains(key) || entry.Message.Contains(orderId));
        logs.Entries.Should().Contain(entry => entry.EventId == 2002 && entry.Level == LogLevel.Information);
        logs.Entries.Should().Contain(entry => entry.EventId == 2003 && entry.Level == LogLevel.Warning);
    }

    private sealed class IsolatedMeterFactory : IMeterFactory
    {
        public ConcurrentBag<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }

    private sealed record LogEntry(int EventId, LogLevel Level, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter)
                => entries.Enqueue(new LogEntry(eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
