using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Entities;
using ModelHub.Core.Storage;
using ModelHub.Server.Uploads;

namespace ModelHub.Server.Tests.Uploads;

/// <summary>
/// The collector removes what a killed server leaves in the filesystem store's staging area, and expires sessions by
/// the batch however many there are.
/// </summary>
public sealed class StagingSweepTests(EmbeddedServerFixture server) : IClassFixture<EmbeddedServerFixture>
{
    private string Uploads => Path.Combine(server.Services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value.Path, "uploads");

    private static string Aged(string path)
    {
        var twoDaysAgo = DateTime.UtcNow.AddDays(-2);
        if (File.Exists(path))
        {
            File.SetLastWriteTimeUtc(path, twoDaysAgo);
        }
        else
        {
            Directory.SetLastWriteTimeUtc(path, twoDaysAgo);
        }

        return path;
    }

    [Fact]
    public async Task Temporary_files_of_killed_puts_and_folders_of_gone_sessions_are_swept_but_live_sessions_kept()
    {
        var sessions = new UploadSessionClient(server.Admin);
        var live = await sessions.StartAsync();
        (await sessions.PatchAsync(live, TestData.Bytes(500, seed: 601), 0)).Dispose();
        Directory.CreateDirectory(Path.Combine(Uploads, ".tmp"));
        var killedPut = Path.Combine(Uploads, ".tmp", Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(killedPut, TestData.Bytes(100, seed: 602));
        Aged(killedPut);
        var goneSession = Path.Combine(Uploads, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(goneSession);
        await File.WriteAllBytesAsync(Path.Combine(goneSession, "data"), TestData.Bytes(100, seed: 603));
        Aged(Path.Combine(goneSession, "data"));
        Aged(goneSession);
        var emptySession = Aged(Directory.CreateDirectory(Path.Combine(Uploads, Guid.NewGuid().ToString("N"))).FullName);

        var collected = await server.Services.GetRequiredService<StorageCollector>().CollectAsync(DateTimeOffset.UtcNow);

        Assert.Equal(3, collected.StagingLeftovers);
        Assert.False(File.Exists(killedPut));
        Assert.False(Directory.Exists(goneSession));
        Assert.False(Directory.Exists(emptySession));
        Assert.Equal(500, await sessions.OffsetAsync(live));
        var liveFolder = live[(live.LastIndexOf('/') + 1)..].Replace("-", "", StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(Uploads, liveFolder)));
    }

    [Fact]
    public async Task Thousands_of_abandoned_sessions_are_expired_in_one_pass()
    {
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
            var old = DateTimeOffset.UtcNow.AddDays(-3);
            db.UploadSessions.AddRange(Enumerable.Range(0, 1_234)
                .Select(_ => new UploadSession { Id = Guid.NewGuid(), CreatedBy = "token:abandoned", CreatedAt = old, UpdatedAt = old }));
            await db.SaveChangesAsync();
        }

        var collected = await server.Services.GetRequiredService<StorageCollector>().CollectAsync(DateTimeOffset.UtcNow);

        Assert.True(collected.Sessions >= 1_234, $"expired {collected.Sessions}");
        await using var check = server.Services.CreateAsyncScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<ModelHubDbContext>().UploadSessions
            .CountAsync(s => s.CreatedBy == "token:abandoned"));
    }
}
