using System.Diagnostics.Metrics;

namespace ModelHub.Server.Metrics;

/// <summary>
/// Blob bytes in and out of this server, as <see cref="Meter"/> counters (<c>modelhub.blob.bytes_sent</c>,
/// <c>modelhub.blob.bytes_received</c>) for OpenTelemetry or <c>dotnet-counters</c>, and as running totals.
/// Only blob payloads count: manifests and JSON are not model bytes.
/// </summary>
public sealed class TransferMetrics : IDisposable
{
    public const string MeterName = "ModelHub.Transfers";

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _received;
    private long _totalSent;
    private long _totalReceived;

    public TransferMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _sent = _meter.CreateCounter<long>("modelhub.blob.bytes_sent", "By", "Blob bytes written to download responses.");
        _received = _meter.CreateCounter<long>("modelhub.blob.bytes_received", "By", "Blob bytes read from upload requests.");
    }

    public long BytesSent => Interlocked.Read(ref _totalSent);

    public long BytesReceived => Interlocked.Read(ref _totalReceived);

    public void Sent(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _totalSent, bytes);
            _sent.Add(bytes);
        }
    }

    public void Received(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref _totalReceived, bytes);
            _received.Add(bytes);
        }
    }

    public void Dispose() => _meter.Dispose();
}
