using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Datasets.Isolation;
using ModelHub.Server.Blobs;
using ModelHub.Server.Jobs;

namespace ModelHub.Server.Datasets;

/// <summary>
/// Makes the thumbnails of a version's images in the isolated worker, in batches, each once per image digest (a
/// derived blob; an image that cannot be read is recorded so it is not tried again). Images over the byte or pixel
/// limits are refused by the worker before they are decoded.
/// </summary>
public sealed class ThumbnailMaker(ModelHubDbContext db, IBlobStore store, DatasetWorker worker, DerivedBlobs derived,
    IOptions<DatasetOptions> options, TimeProvider clock) : IJobHandler
{
    private const int Batch = 64;

    public string Kind => JobKinds.Thumbnails;

    public async Task RunAsync(ClaimedJob claimed, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.SingleAsync(j => j.Id == claimed.Id, cancellationToken);
        var images = (await db.Files.AsNoTracking().Where(f => f.VersionId == job.VersionId)
                .Select(f => new { f.Path, f.Digest, f.Size }).ToListAsync(cancellationToken))
            .Where(f => TableFiles.IsImage(f.Path)).DistinctBy(f => f.Digest).ToList();
        var digests = images.Select(i => i.Digest).ToList();
        var done = await db.DerivedBlobs.Where(d => d.Kind == DerivedKinds.Thumbnail && digests.Contains(d.SourceDigest))
            .Select(d => d.SourceDigest).ToListAsync(cancellationToken);
        var settings = options.Value;
        var limits = new ThumbnailLimits(settings.ThumbnailSize, settings.MaxImagePixels, settings.MaxImageBytes);
        foreach (var batch in images.Where(i => !done.Contains(i.Digest)).Chunk(Batch))
        {
            using var scratch = new ScratchFolder(store);
            var items = new List<(string Digest, ThumbnailItem Item)>();
            foreach (var (image, i) in batch.Select((image, i) => (image, i)))
            {
                if (image.Size > settings.MaxImageBytes)
                {
                    await derived.RecordFailureAsync(
                        image.Digest, DerivedKinds.Thumbnail, "the file is over the size limit", cancellationToken);
                    continue;
                }

                var input = await scratch.PlaceAsync(image.Digest, image.Size, $"{i}.image", cancellationToken);
                items.Add((image.Digest, new ThumbnailItem(input, scratch.File($"{i}.webp"))));
            }

            IReadOnlyList<ThumbnailOutcome> outcomes;
            try
            {
                outcomes = (await worker.RunAsync(new WorkerRequest(WorkerOperations.Thumbnails, scratch.File("engine"), 16,
                    Images: [.. items.Select(i => i.Item)], Limits: limits), cancellationToken)).Thumbnails ?? [];
            }
            catch (DatasetWorkerException e) when (claimed.Attempt >= 2)
            {
                // The batch crashed the worker twice: its images get no thumbnail rather than another try.
                outcomes = [.. items.Select(i => new ThumbnailOutcome(i.Item.Input, e.Message))];
            }

            foreach (var (item, outcome) in items.Zip(outcomes))
            {
                _ = outcome.Error is { } error
                    ? await derived.RecordFailureAsync(item.Digest, DerivedKinds.Thumbnail, error, cancellationToken)
                    : await derived.RecordFileAsync(item.Digest, DerivedKinds.Thumbnail, item.Item.Output, cancellationToken);
            }
        }

        job.CompletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
