namespace ModelHub.Server.Tests.Uploads;

/// <summary>Owns its server, because it restarts it.</summary>
public abstract class ResumeAcrossRestartTests(ServerFixture server)
{
    [Fact]
    public async Task Resumed_upload_after_restart_completes_byte_exact()
    {
        var bytes = TestData.Bytes(250_000, seed: 51);
        var location = await new UploadSessionClient(server.Admin).StartAsync();
        (await new UploadSessionClient(server.Admin).PatchAsync(location, bytes[..120_000], 0)).Dispose();
        await UploadSessionClient.SendTruncatedPatchAsync(
            server.BaseAddress, location, ServerFixture.AdminToken, 120_000, 130_000, bytes[120_000..180_000]);

        await server.RestartAsync();
        var sessions = new UploadSessionClient(server.Admin);
        var offset = await sessions.OffsetAsync(location);
        using var rest = await sessions.PatchAsync(location, bytes[(int)offset..], offset);
        using var done = await sessions.CompleteAsync(location, TestData.Digest(bytes));

        Assert.Equal(120_000, offset);
        await done.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(bytes, await server.Admin.GetByteArrayAsync($"/v1/blobs/{TestData.Digest(bytes)}"));
    }
}

public sealed class ResumeAcrossRestartTestsOnEmbedded(EmbeddedServerFixture server)
    : ResumeAcrossRestartTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class ResumeAcrossRestartTestsOnPostgresS3(ExternalServerFixture server)
    : ResumeAcrossRestartTests(server), IClassFixture<ExternalServerFixture>;
