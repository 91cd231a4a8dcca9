using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Contracts;
using ModelHub.Core.Data;
using ModelHub.Server.Manifests;

namespace ModelHub.Server.Tests.Manifests;

/// <summary>
/// The manifest-signing keys: never at rest in plaintext, rotated without breaking what earlier keys signed, published by
/// id. Owns its server, because it restarts it; each test first restarts with the key source it needs.
/// </summary>
public abstract partial class SigningKeyTests(ServerFixture server) : IAsyncLifetime
{
    private const string Repo = "keys/model";

    [GeneratedRegex("keyid=\"([^\"]+)\".*sig=\"([^\"]+)\"")]
    private static partial Regex SignatureParts();

    public async Task InitializeAsync()
    {
        using var exists = await server.Admin.GetAsync($"/v1/models/{Repo}");
        if (exists.StatusCode == HttpStatusCode.NotFound)
        {
            await server.Admin.CreateRepositoryAsync("keys", "model");
            await server.Admin.PushAndWaitAsync(Repo, "1.0.0", [("model.onnx", Models.Add())]);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task UseDatabaseKeysAsync() => server.RestartAsync(new Dictionary<string, string?>
    {
        ["ModelHub:Signing:PrivateKey"] = null,
        ["ModelHub:Signing:PreviousKeys:0"] = null,
    });

    private async Task<JsonElement> KeysAsync() => await (await server.Anonymous.GetAsync(ManifestEndpoints.KeyPath)).JsonAsync();

    /// <summary>The key id a fresh manifest names, and whether its signature verifies with that key as published.</summary>
    private async Task<(string KeyId, bool Verifies)> SignedManifestAsync()
    {
        using var response = await server.Anonymous.GetAsync(
            $"/v1/models/{Repo}/manifest?version=1.0.0&ep=cpu&clientId={Guid.NewGuid():N}");
        await response.ExpectAsync(HttpStatusCode.OK);
        var parts = SignatureParts().Match(response.Headers.GetValues(ApiHeaders.Signature).Single());
        var keyId = parts.Groups[1].Value;
        var published = (await KeysAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == keyId);
        var verifies = ManifestSigner.Verify(Convert.FromBase64String(published.GetProperty("key").GetString()!),
            await response.Content.ReadAsByteArrayAsync(), Convert.FromBase64String(parts.Groups[2].Value));
        return (keyId, verifies);
    }

    private async Task<T> WithDatabaseAsync<T>(Func<ModelHubDbContext, Task<T>> action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ModelHubDbContext>());
    }

    /// <summary>True when <paramref name="stored"/> is the seed of <paramref name="publicKey"/> in plaintext.</summary>
    private static bool IsPlaintextSeedOf(string stored, string publicKey)
    {
        var seed = new byte[32];
        return Convert.TryFromBase64String(stored, seed, out var n) && n == 32
            && Convert.ToBase64String(ManifestKeyPair.FromSeed(seed).Public) == publicKey;
    }

    [Fact]
    public async Task The_signing_seed_is_never_stored_in_plaintext_and_an_old_plaintext_seed_is_encrypted_keeping_its_id()
    {
        await UseDatabaseKeysAsync();
        var stored = await WithDatabaseAsync(db => db.SigningKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(stored);
        Assert.All(stored, k => Assert.False(IsPlaintextSeedOf(k.PrivateKey, k.PublicKey), "a signing seed is stored in plaintext"));

        // What a server before encryption at rest left behind: the newest key's seed in plaintext.
        var legacy = ManifestKeyPair.Generate(DateTimeOffset.UtcNow);
        var newest = stored.Max(k => k.Id);
        await WithDatabaseAsync(db => db.SigningKeys.Where(k => k.Id == newest).ExecuteUpdateAsync(s => s
            .SetProperty(k => k.KeyId, legacy.KeyId)
            .SetProperty(k => k.PublicKey, Convert.ToBase64String(legacy.Public))
            .SetProperty(k => k.PrivateKey, Convert.ToBase64String(legacy.Private.GetEncoded()))));
        await UseDatabaseKeysAsync();

        var upgraded = await WithDatabaseAsync(db => db.SigningKeys.AsNoTracking().SingleAsync(k => k.KeyId == legacy.KeyId));
        Assert.False(IsPlaintextSeedOf(upgraded.PrivateKey, upgraded.PublicKey));
        Assert.Equal(legacy.KeyId, (await KeysAsync()).GetProperty("keyId").GetString());
        Assert.Equal((legacy.KeyId, true), await SignedManifestAsync());
    }

    [Fact]
    public async Task Rotation_makes_a_new_key_current_and_keeps_the_old_one_published_by_id()
    {
        await UseDatabaseKeysAsync();
        var before = (await KeysAsync()).GetProperty("keyId").GetString()!;
        var (_, writer) = await server.Admin.CreateTokenAsync(["write"], ["keys"]);
        using var writerClient = server.CreateClient(writer);

        using var forbidden = await writerClient.PostAsync("/v1/signing-keys/rotate", null);
        using var rotated = await server.Admin.PostAsync("/v1/signing-keys/rotate", null);

        Assert.Equal("forbidden", await forbidden.ProblemCodeAsync(HttpStatusCode.Forbidden));
        await rotated.ExpectAsync(HttpStatusCode.OK);
        var keys = await KeysAsync();
        var after = keys.GetProperty("keyId").GetString()!;
        Assert.NotEqual(before, after);
        var listed = keys.GetProperty("keys").EnumerateArray()
            .ToDictionary(k => k.GetProperty("keyId").GetString()!, k => k.GetProperty("status").GetString());
        Assert.Equal("current", listed[after]);
        Assert.Equal("previous", listed[before]);
        Assert.Equal((after, true), await SignedManifestAsync());
    }

    [Fact]
    public async Task Keys_from_configuration_publish_the_keys_they_replaced_and_are_rotated_there()
    {
        var (previous, current) = (ManifestKeyPair.Generate(DateTimeOffset.UtcNow), ManifestKeyPair.Generate(DateTimeOffset.UtcNow));
        await server.RestartAsync(new Dictionary<string, string?>
        {
            ["ModelHub:Signing:PrivateKey"] = Convert.ToBase64String(current.Private.GetEncoded()),
            ["ModelHub:Signing:PreviousKeys:0"] = Convert.ToBase64String(previous.Private.GetEncoded()),
        });

        var keys = await KeysAsync();
        using var rotate = await server.Admin.PostAsync("/v1/signing-keys/rotate", null);

        Assert.Equal(current.KeyId, keys.GetProperty("keyId").GetString());
        Assert.Equal(Convert.ToBase64String(current.Public), keys.GetProperty("key").GetString());
        Assert.Equal([(current.KeyId, "current"), (previous.KeyId, "previous")], keys.GetProperty("keys").EnumerateArray()
            .Select(k => (k.GetProperty("keyId").GetString(), k.GetProperty("status").GetString())));
        Assert.Equal((current.KeyId, true), await SignedManifestAsync());
        Assert.Equal("signing_keys_configured", await rotate.ProblemCodeAsync(HttpStatusCode.Conflict));
    }
}

public sealed class SigningKeyTestsOnEmbedded(EmbeddedServerFixture server) : SigningKeyTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class SigningKeyTestsOnPostgresS3(ExternalServerFixture server)
    : SigningKeyTests(server), IClassFixture<ExternalServerFixture>;
