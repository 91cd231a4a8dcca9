using Microsoft.EntityFrameworkCore;
using ModelHub.Contracts.Validation;
using ModelHub.Contracts.Versions;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Server.Auth;
using ModelHub.Server.Versions;

namespace ModelHub.Server.Tests.Versions;

public sealed class VersionPublisherTests : IDisposable
{
    private static readonly Caller Writer = new("token:1", new HashSet<string> { "write" }, new HashSet<string> { "acme" });
    private static readonly string Onnx = "sha256:" + new string('a', 64);
    private static readonly string Text = "sha256:" + new string('b', 64);

    private readonly TestDatabase _database = new();

    private static CreateVersionRequest Request(string version, string path = "model.onnx", string? digest = null, long size = 10,
        List<VariantEntry>? variants = null, List<string>? datasets = null) =>
        new(version, null, [new FileEntry(path, digest ?? Onnx, size, null)], variants, Datasets: datasets);

    private async Task<Repository> RepositoryAsync(string name, RepositoryKind kind = RepositoryKind.Model, bool isPrivate = false)
    {
        var row = await _database.AddRepositoryAsync("acme", name, isPrivate, kind);
        await using var db = _database.CreateContext();
        if (!await db.Blobs.AnyAsync())
        {
            // Uploaded by the writer, so the writer may name them (see BlobVisibility).
            db.Blobs.AddRange(new Blob { Digest = Onnx, Size = 10 }, new Blob { Digest = Text, Size = 3 });
            db.BlobUploads.AddRange(new BlobUpload { Digest = Onnx, UploadedBy = Writer.Subject! },
                new BlobUpload { Digest = Text, UploadedBy = Writer.Subject! });
        }

        await db.SaveChangesAsync();
        return row;
    }

    private async Task<VersionResult> CreateAsync(long repositoryId, CreateVersionRequest request, Caller? caller = null)
    {
        await using var db = _database.CreateContext();
        var repository = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == repositoryId);
        return await new VersionPublisher(db, TimeProvider.System, _database.Notifier)
            .CreateAsync(repository, caller ?? Writer, request, default);
    }

    [Fact]
    public async Task A_model_version_with_onnx_files_is_queued_for_validation_and_anything_else_publishes_at_once()
    {
        var model = await RepositoryAsync("model");
        var dataset = await RepositoryAsync("data", RepositoryKind.Dataset);

        var validating = await CreateAsync(model.Id, Request("1.0.0"));
        var plain = await CreateAsync(model.Id, Request("1.0.1", "notes.txt", Text, 3));
        var data = await CreateAsync(dataset.Id, Request("1"));

        Assert.Equal(VersionOutcome.Validating, validating.Outcome);
        Assert.Equal(VersionState.Validating, validating.Version!.State);
        Assert.Equal(VersionOutcome.Published, plain.Outcome);
        Assert.NotNull(plain.Version!.PublishedAt);
        Assert.Equal(VersionOutcome.Published, data.Outcome);
        Assert.Equal(1, await _database.ReadAsync(db => db.Jobs.CountAsync()));
        // The validation job waits for a worker (no slot was held for it here): its change wakes the job workers; the others not.
        Assert.Equal([true, false, false], _database.Changes.Select(c => c.JobsQueued));
    }

    [Fact]
    public async Task Blobs_must_be_uploaded_with_their_declared_size_and_a_tag_is_taken_once()
    {
        var model = await RepositoryAsync("model");
        var missingDigest = "sha256:" + new string('c', 64);

        var missing = await CreateAsync(model.Id, Request("1", digest: missingDigest));
        var wrongSize = await CreateAsync(model.Id, Request("1", size: 11));
        var invalid = await CreateAsync(model.Id, Request("not a tag"));
        await CreateAsync(model.Id, Request("1"));
        var again = await CreateAsync(model.Id, Request("1"));

        Assert.Equal(VersionOutcome.BlobsMissing, missing.Outcome);
        Assert.Equal([missingDigest], missing.Missing);
        Assert.Equal(VersionOutcome.SizeMismatch, wrongSize.Outcome);
        Assert.Equal("invalid_version", invalid.Error!.Code);
        Assert.Equal(VersionOutcome.Exists, again.Outcome);
        Assert.Single(_database.Changes);
    }

    [Fact]
    public async Task Lineage_names_only_published_dataset_versions_the_caller_can_see()
    {
        var model = await RepositoryAsync("model");
        var open = await RepositoryAsync("open", RepositoryKind.Dataset);
        var hidden = await RepositoryAsync("hidden", RepositoryKind.Dataset, isPrivate: true);
        await CreateAsync(open.Id, Request("1", "a.txt", Text, 3));
        await CreateAsync(hidden.Id, Request("1", "a.txt", Text, 3));
        var stranger = new Caller("token:2", Writer.Scopes, new HashSet<string> { "other" });

        var linked = await CreateAsync(model.Id, Request("1", "a.txt", Text, 3, datasets: ["acme/open@1"]));
        var unseen = await CreateAsync(model.Id, Request("2", "a.txt", Text, 3, datasets: ["acme/hidden@1", "acme/open@9"]), stranger);
        var malformed = await CreateAsync(model.Id, Request("3", "a.txt", Text, 3, datasets: ["acme-open"]));

        Assert.Single(linked.Version!.Datasets);
        Assert.Equal(VersionOutcome.DatasetsNotFound, unseen.Outcome);
        Assert.Equal(["acme/hidden@1", "acme/open@9"], unseen.Missing);
        Assert.Equal("bad_request", malformed.Error!.Code);
    }

    [Fact]
    public async Task The_verdict_publishes_or_rejects_and_fills_in_undeclared_precisions()
    {
        var model = await RepositoryAsync("model");
        await CreateAsync(model.Id, new CreateVersionRequest("1", null, [new FileEntry("model.onnx", Onnx, 10, null)],
            [new VariantEntry("fp32", "model.onnx", null, true, null, null, null)]));
        _database.Changes.Clear();
        var facts = new OnnxModelInfo(8, [], null, null, [], [], 0, "fp32", new Dictionary<string, long>(), [], []);
        var report = new ValidationReport(true, null, [new FileReport("model.onnx", "fp32", true, FileReport.Passed, null, facts)], 12);

        await using (var db = _database.CreateContext())
        {
            await new VersionPublisher(db, TimeProvider.System, _database.Notifier).FinishValidationAsync(await JobAsync(db), report);
        }

        await using var check = _database.CreateContext();
        var version = await check.Versions.Include(v => v.Variants).SingleAsync();
        Assert.Equal(VersionState.Published, version.State);
        Assert.NotNull(version.PublishedAt);
        Assert.Equal("fp32", version.Variants.Single().Precision);
        Assert.True(ValidationReports.Read(version)!.Passed);
        Assert.NotNull((await check.Jobs.SingleAsync()).CompletedAt);
        Assert.Single(_database.Changes);
    }

    [Fact]
    public async Task A_failed_verdict_rejects_the_version()
    {
        var model = await RepositoryAsync("model");
        await CreateAsync(model.Id, Request("1"));

        await using (var db = _database.CreateContext())
        {
            await new VersionPublisher(db, TimeProvider.System, _database.Notifier)
                .FinishValidationAsync(await JobAsync(db), new ValidationReport(false, "it did not run", [], 1));
        }

        var version = await _database.ReadAsync(db => db.Versions.SingleAsync());
        Assert.Equal(VersionState.Rejected, version.State);
        Assert.Null(version.PublishedAt);
    }

    [Fact]
    public async Task A_version_a_channel_points_at_is_not_deleted()
    {
        var model = await RepositoryAsync("model");
        var version = (await CreateAsync(model.Id, Request("1", "a.txt", Text, 3))).Version!;
        await using (var seed = _database.CreateContext())
        {
            seed.Channels.Add(new Channel { RepositoryId = model.Id, Name = Channel.Stable, VersionId = version.Id, UpdatedBy = "t" });
            await seed.SaveChangesAsync();
        }

        await using var db = _database.CreateContext();
        var publisher = new VersionPublisher(db, TimeProvider.System, _database.Notifier);
        var repository = await db.Repositories.Include(r => r.Owner).SingleAsync(r => r.Id == model.Id);

        Assert.Equal(VersionOutcome.InChannel, (await publisher.DeleteAsync(repository, "1", default)).Outcome);
        Assert.Equal(VersionOutcome.NotFound, (await publisher.DeleteAsync(repository, "2", default)).Outcome);
    }

    private static Task<Job> JobAsync(ModelHubDbContext db) => db.Jobs
        .Include(j => j.Version).ThenInclude(v => v.Files)
        .Include(j => j.Version).ThenInclude(v => v.Variants)
        .Include(j => j.Version).ThenInclude(v => v.Repository).ThenInclude(r => r.Owner)
        .SingleAsync();

    public void Dispose() => _database.Dispose();
}
