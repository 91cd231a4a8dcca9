using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Entities;
using ModelHub.Server.Validation;

namespace ModelHub.Server.Tests.Validation;

/// <summary>
/// Validations run in slots, each in its own worker process with its own limits, one owner taking at most its share.
/// Owns its server: the timeout is far out of reach, so no outcome here depends on which limit a busy machine meets first.
/// </summary>
public abstract class ValidationSlotsTests(ServerFixture server)
{
    [Fact]
    public async Task One_owners_endless_models_do_not_hold_another_owners_validation()
    {
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Validation:Timeout"] = "00:10:00",
            ["ModelHub:Validation:Parallelism"] = "2",
            ["ModelHub:Validation:MaxPerOwner"] = null,
            ["ModelHub:Validation:MemoryCapMegabytes"] = null,
        });
        var endless = Models.Endless();
        await server.Admin.PutBlobAsync(endless);
        foreach (var name in new[] { "spin-a", "spin-b" })
        {
            await server.Admin.CreateRepositoryAsync("alice", name);
            using var created = await server.Admin.PostAsJsonAsync($"/v1/models/alice/{name}/versions", new
            {
                version = "1",
                files = new[] { new { path = "model.onnx", digest = TestData.Digest(endless), size = endless.Length } },
            });
            await created.ExpectAsync(HttpStatusCode.Accepted);
        }

        await server.Admin.CreateRepositoryAsync("bob", "small");
        // Both slots could go to alice's endless models; her share is one, so bob's model finds the other free.
        await server.Admin.PushAndWaitAsync("bob/small", "1", [("model.onnx", Models.MatMul())]);

        foreach (var name in new[] { "spin-a", "spin-b" })
        {
            var detail = await (await server.Admin.GetAsync($"/v1/models/alice/{name}/versions/1")).JsonAsync();
            Assert.Equal("validating", detail.GetProperty("state").GetString());
        }
    }

    [Fact]
    public async Task No_file_of_a_version_is_downloadable_while_it_validates()
    {
        // The endless model keeps the version validating for the whole test: its timeout is ten minutes away. Alice's, as the
        // endless models of the test above: one owner's share is one slot, so the others of later tests stay free.
        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Validation:Timeout"] = "00:10:00" });
        var endless = Models.Endless();
        var config = "{}"u8.ToArray();
        await server.Admin.CreateRepositoryAsync("alice", "pending");
        using var created = await server.Admin.PushAsync("alice/pending", "1", [("model.onnx", endless), ("config.json", config)]);

        using var model = await server.Anonymous.GetAsync("/v1/models/alice/pending/versions/1/files/model.onnx");
        using var other = await server.Admin.GetAsync("/v1/models/alice/pending/versions/1/files/config.json");
        var detail = await (await server.Admin.GetAsync("/v1/models/alice/pending/versions/1")).JsonAsync();

        await created.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("validating", detail.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, model.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_validation_begun_for_a_version_that_is_then_not_saved_is_stopped_and_its_scratch_folder_deleted()
    {
        await server.RestartAsync(new Dictionary<string, string?> { ["ModelHub:Validation:Timeout"] = "00:10:00" });
        var endless = Models.Endless();
        await server.Admin.PutBlobAsync(endless);
        var starter = server.Services.GetRequiredService<ValidationStarter>();
        var version = Unsaved(endless);

        // As the request creating a version begins it while saving, then fails to save it (the tag was taken).
        var early = (ValidationStarter.Run)starter.Begin(version);
        await early.Prepared.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(File.Exists(Path.Combine(early.Scratch, "model.onnx")));
        early.Dispose();

        // Stopped at once, not at the ten-minute timeout of the endless model.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => early.Report.WaitAsync(TimeSpan.FromSeconds(60)));
        for (var i = 0; i < 600 && Directory.Exists(early.Scratch); i++)
        {
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists(early.Scratch));
    }

    [Fact]
    public async Task A_validation_attached_to_its_job_belongs_to_the_jobs_run_even_when_the_request_lets_go_of_it_after()
    {
        var model = Models.MatMul();
        await server.Admin.PutBlobAsync(model);
        var starter = server.Services.GetRequiredService<ValidationStarter>();
        var version = Unsaved(model);

        // The job's run may take the validation before the request that began it has returned and disposed its handle.
        var early = starter.Begin(version);
        early.Attach(-42);
        var taken = starter.Take(-42);
        early.Dispose();
        var report = await taken!.Report.WaitAsync(TimeSpan.FromSeconds(120));
        taken.End();

        Assert.Same(early, taken);
        Assert.Null(starter.Take(-42));
        Assert.True(report.Passed, report.Reason);
    }

    [Fact]
    public async Task A_version_asking_for_less_memory_than_its_model_needs_is_rejected_naming_file_peak_and_request_field()
    {
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Validation:Timeout"] = "00:10:00",
            ["ModelHub:Validation:MemoryCapMegabytes"] = "2048",
        });
        var hog = Models.MemoryHog(256L * 1024 * 1024);
        await server.Admin.PutBlobAsync(hog);
        await server.Admin.CreateRepositoryAsync("lab", "hog");
        using var created = await server.Admin.PostAsJsonAsync("/v1/models/lab/hog/versions", new
        {
            version = "1",
            files = new[] { new { path = "model.onnx", digest = TestData.Digest(hog), size = hog.Length } },
            limits = new { memoryCapMegabytes = 300 },
        });
        await created.ExpectAsync(HttpStatusCode.Accepted);

        var validation = await WaitAsync("/v1/models/lab/hog/versions/1");

        Assert.Matches(@"^validation exceeded memory cap 300 MB while running `model.onnx` \(peak \d+ MB\): "
            + @"the version may ask for up to 2048 MB with limits\.memoryCapMegabytes$", validation.GetProperty("reason").GetString());
        var limits = validation.GetProperty("limits");
        Assert.Equal(300, limits.GetProperty("requestedMemoryCapMegabytes").GetInt32());
        Assert.Equal(2048, limits.GetProperty("maxMemoryCapMegabytes").GetInt32());
        // The inspection is kept in the rejected report.
        Assert.Equal("x", validation.GetProperty("files")[0].GetProperty("model").GetProperty("inputs")[0].GetProperty("name").GetString());
    }

    /// <summary>A version as the request creating it holds it before its save: one ONNX file, already uploaded.</summary>
    private static RepositoryVersion Unsaved(byte[] model) => new()
    {
        Name = "1",
        CreatedBy = "test",
        Files = [new VersionFile { Path = "model.onnx", Digest = TestData.Digest(model), Size = model.Length, ContentType = "" }],
    };

    private async Task<JsonElement> WaitAsync(string path)
    {
        for (var i = 0; i < 6000; i++)
        {
            var detail = await (await server.Admin.GetAsync(path)).JsonAsync();
            if (detail.GetProperty("state").GetString() != "validating")
            {
                return detail.GetProperty("validation");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{path} is still validating");
    }
}

public sealed class ValidationSlotsTestsOnEmbedded(EmbeddedServerFixture server)
    : ValidationSlotsTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ValidationSlotsTestsOnPostgresS3(ExternalServerFixture server)
    : ValidationSlotsTests(server), IClassFixture<ExternalServerFixture>;
