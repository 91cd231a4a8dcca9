using ModelHub.Datasets.Commits;
using ModelHub.Datasets.Comparison;
using ModelHub.Datasets.Isolation;

namespace ModelHub.Datasets.Worker;

/// <summary>Runs one request on a table engine configured by it.</summary>
internal static class Operations
{
    public static async Task<WorkerResponse> RunAsync(WorkerRequest request)
    {
        if (request.Operation == WorkerOperations.Thumbnails)
        {
            return new WorkerResponse(Thumbnails: Thumbnailer.Run(request.Images ?? [], request.Limits!));
        }

        using var engine = new TableEngine(new TableEngineOptions
        {
            MemoryLimitMb = request.MemoryLimitMb,
            ScratchDirectory = request.ScratchDirectory,
            MaxConcurrentOperations = 1,
        });
        var files = request.FilesList is null ? null : Lines(request.FilesList);
        switch (request.Operation)
        {
            case WorkerOperations.Index:
                return new WorkerResponse(Summary: await engine.IndexAsync(Required(request.Source), Required(request.Output), files));
            case WorkerOperations.Inspect:
                return new WorkerResponse(Summary: await engine.InspectAsync(Required(request.Source), files));
            case WorkerOperations.Commit:
                var output = Required(request.Output);
                var deletes = request.Deletes is null ? null : Lines(request.Deletes);
                var change = await engine.ApplyAsync(new TableCommit(Required(request.Source), Required(request.Key), request.Upserts,
                    deletes, output));
                await using (var export = File.Create(Required(request.Export)))
                {
                    await engine.ExportParquetAsync(output, export);
                }

                return new WorkerResponse(Change: change);
            case WorkerOperations.Compare:
                var work = request.Compare!;
                return new WorkerResponse(Comparison: await engine.CompareAsync(new TableCompareRequest(
                    Required(request.Source), Required(request.Head), work.Key, work.Label, work.Offset, work.Length, work.Change)));
            case WorkerOperations.Export:
                await using (var export = File.Create(Required(request.Export)))
                {
                    await engine.ExportParquetAsync(Required(request.Source), export);
                }

                return new WorkerResponse();
            default:
                throw new InvalidOperationException($"Unknown operation '{request.Operation}'.");
        }
    }

    // Streamed: a version's paths or a commit's deleted keys are never held as one list here.
    private static IEnumerable<string> Lines(string path) =>
        File.ReadLines(path).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);

    private static string Required(string? path) => path ?? throw new InvalidOperationException("A path the operation needs is missing.");
}
