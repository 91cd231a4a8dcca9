using System.Diagnostics.Metrics;

namespace ModelHub.Server.Evaluations;

/// <summary>
/// What evaluations cost this server beyond the worker, as a <see cref="Meter"/> counter
/// (<c>modelhub.evaluation.images_placed</c>) for OpenTelemetry or <c>dotnet-counters</c>, and as a running total: the
/// image files placed in evaluation scratch folders (links from a local store, downloads from a remote one).
/// </summary>
public sealed class EvaluationMetrics : IDisposable
{
    public const string MeterName = "ModelHub.Evaluations";

    private readonly Meter _meter;
    private readonly Counter<long> _imagesPlaced;
    private long _totalImagesPlaced;

    public EvaluationMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _imagesPlaced = _meter.CreateCounter<long>("modelhub.evaluation.images_placed", "{file}",
            "Image files placed in evaluation scratch folders.");
    }

    public long ImagesPlaced => Interlocked.Read(ref _totalImagesPlaced);

    public void ImagePlaced()
    {
        Interlocked.Increment(ref _totalImagesPlaced);
        _imagesPlaced.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
