using ModelHub.Contracts;
using ModelHub.Contracts.Channels;
using ModelHub.Contracts.Repositories;
using ModelHub.Contracts.Tokens;
using ModelHub.Contracts.Versions;
using ModelHub.Testing;

namespace ModelHub.Client.Tests;

/// <summary>The SDK's typed calls against the real server on both stacks: records in, records out, codes on refusal.</summary>
public abstract class TypedApiTests(ServerFixture server) : IDisposable
{
    private readonly ClientWorkspace _workspace = new();
    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..12];

    private string Repo => "lab/" + _name;

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Repositories_are_created_read_searched_updated_and_deleted()
    {
        using var client = _workspace.Client(server.BaseAddress);

        var created = await client.CreateRepositoryAsync(
            new CreateRepositoryRequest("lab", _name, "Finds widgets", null, ["vision"], false));
        var again = await Assert.ThrowsAsync<ModelHubException>(
            () => client.CreateRepositoryAsync(new CreateRepositoryRequest("lab", _name, null, null, null, null)));
        var updated = await client.UpdateRepositoryAsync(Repo,
            new UpdateRepositoryRequest(null, "# Widgets", null, null, [new SelectionRule("int8", Platform: "web", NoProvider: "webgpu")]));
        var read = await client.GetRepositoryAsync(Repo);
        var found = await client.ListRepositoriesAsync(new RepositorySearch { Text = _name, Owner = "lab" });

        Assert.Equal((RepositoryKinds.Models, "lab", _name, false), (created.Kind, created.Owner, created.Name, created.Private));
        Assert.Equal((409, ErrorCodes.RepositoryExists), (again.Status, again.Code));
        Assert.Equal("# Widgets", updated.Card);
        Assert.Equal(new SelectionRule("int8", Platform: "web", NoProvider: "webgpu"), Assert.Single(read.SelectionRules!));
        Assert.Equal(("Finds widgets", "# Widgets"), (read.Description, read.Card));
        Assert.Equal(_name, Assert.Single(found.Items).Name);

        await client.DeleteRepositoryAsync(Repo);
        var gone = await Assert.ThrowsAsync<ModelHubException>(() => client.GetRepositoryAsync(Repo));
        Assert.Equal((404, ErrorCodes.RepositoryNotFound), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task Versions_blobs_and_channels_move_and_roll_back()
    {
        using var client = _workspace.Client(server.BaseAddress);
        await client.CreateRepositoryAsync(new CreateRepositoryRequest("lab", _name, null, null, null, null));
        var first = await PushAsync(client, "1.0.0");
        await PushAsync(client, "2.0.0");

        Assert.True(await client.BlobExistsAsync(first.Version.Files[0].Digest));
        Assert.False(await client.BlobExistsAsync("sha256:" + new string('0', 64)));
        Assert.Equal(["2.0.0", "1.0.0"], (await client.ListVersionsAsync(Repo)).Select(v => v.Version));
        Assert.Equal(VersionStates.Published, (await client.GetVersionAsync(Repo, "1.0.0")).State);

        await client.MoveChannelAsync(Repo, "stable", new MoveChannelRequest("1.0.0"));
        var moved = await client.MoveChannelAsync(Repo, "stable", new MoveChannelRequest("2.0.0", "1.0.0", 25));
        Assert.Equal(("2.0.0", "1.0.0", 25.0), (moved.Version, moved.RolloutVersion, moved.RolloutPercent));
        Assert.Equal("2.0.0", Assert.Single(await client.ListChannelsAsync(Repo)).Version);
        Assert.Equal(["2.0.0", "1.0.0"], (await client.GetChannelHistoryAsync(Repo, "stable")).Select(e => e.To));
        Assert.Equal("1.0.0", (await client.RollBackChannelAsync(Repo, "stable")).Version);

        var pinned = await Assert.ThrowsAsync<ModelHubException>(() => client.DeleteVersionAsync(Repo, "1.0.0"));
        Assert.Equal(ErrorCodes.VersionInChannel, pinned.Code);
        await client.DeleteVersionAsync(Repo, "2.0.0");
        Assert.Equal("1.0.0", Assert.Single(await client.ListVersionsAsync(Repo)).Version);
        var missing = await Assert.ThrowsAsync<ModelHubException>(() => client.GetVersionAsync(Repo, "2.0.0"));
        Assert.Equal((404, ErrorCodes.VersionNotFound), (missing.Status, missing.Code));
    }

    [Fact]
    public async Task Tokens_are_shown_once_listed_and_revoked()
    {
        using var client = _workspace.Client(server.BaseAddress);

        var created = await client.CreateTokenAsync(new CreateTokenRequest("ci-" + _name, ["write"], ["lab"], null));
        await client.RevokeTokenAsync(created.Info.Id);
        var listed = (await client.ListTokensAsync()).Single(t => t.Id == created.Info.Id);

        Assert.False(string.IsNullOrEmpty(created.Token));
        Assert.Equal(["write"], listed.Scopes);
        Assert.Equal(["lab"], listed.Owners);
        Assert.NotNull(listed.RevokedAt);
    }

    [Fact]
    public async Task Path_segments_are_escaped_and_malformed_names_never_reach_the_server()
    {
        using var client = _workspace.Client(server.BaseAddress);
        await client.CreateRepositoryAsync(new CreateRepositoryRequest("lab", _name, null, null, null, null));

        // Escaped, "../" stays inside the segment: the server looks for a version of that name, not another route.
        var odd = await Assert.ThrowsAsync<ModelHubException>(() => client.GetVersionAsync(Repo, "1.0.0/../../x"));
        Assert.Equal(ErrorCodes.VersionNotFound, odd.Code);
        await Assert.ThrowsAsync<FormatException>(() => client.GetRepositoryAsync("not-a-repository"));
        await Assert.ThrowsAsync<FormatException>(() => client.GetRepositoryAsync(Repo + "@1.0.0"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetRepositoryAsync(Repo, kind: "widgets"));
    }

    private async Task<PushResult> PushAsync(ModelHubClient client, string version)
    {
        var file = _workspace.Write($"{version}/config.json", System.Text.Encoding.UTF8.GetBytes($"{{\"version\":\"{version}\"}}"));
        var result = await client.PushAsync(new PushRequest(Repo, version, new Dictionary<string, string> { ["config.json"] = file }));
        Assert.Equal(VersionStates.Published, result.State);
        return result;
    }
}

public sealed class TypedApiTestsOnEmbedded(EmbeddedServerFixture server) : TypedApiTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class TypedApiTestsOnPostgresS3(ExternalServerFixture server) : TypedApiTests(server), IClassFixture<ExternalServerFixture>;
