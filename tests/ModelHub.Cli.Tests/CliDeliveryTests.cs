using System.Net.Http.Json;
using System.Security.Cryptography;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Cli.Tests;

/// <summary>Usage errors, logins that must not break a working one, per-tier facts on push, rollback targets, the cache.</summary>
public abstract class CliDeliveryTests(ServerFixture server) : IDisposable
{
    private readonly CliRunner _cli = new(server.BaseAddress);
    private readonly string _repo = "lab/cd-" + Guid.NewGuid().ToString("N")[..10];
    private readonly int _seed = Random.Shared.Next(10, 100_000);

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_usage_error_exits_2_with_the_help_or_under_json_a_json_error()
    {
        var human = await _cli.RunAsync("pull");
        var json = await _cli.RunAsync("pull", "--json");
        var unknown = await _cli.RunAsync("channel", "rollback", _repo, "stable", "--bogus");
        var semantic = await _cli.RunAsync("pull", "not-a-reference");

        Assert.Equal(ExitCodes.Usage, human.ExitCode);
        Assert.Contains("Usage:", human.Error);
        Assert.Contains("pull", human.Error);
        Assert.Empty(human.Out);
        Assert.Equal(ExitCodes.Usage, json.ExitCode);
        Assert.Equal("usage", json.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, json.Json.GetProperty("error").GetProperty("exitCode").GetInt32());
        Assert.DoesNotContain("Usage:", json.Out + json.Error);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("channel rollback", unknown.Error);
        Assert.Equal(ExitCodes.Usage, semantic.ExitCode);
        Assert.Contains("Usage:", semantic.Error);
    }

    [Fact]
    public async Task A_failed_login_leaves_the_working_login_in_place()
    {
        using var fresh = new CliRunner(null, token: null);
        var login = await fresh.RunAsync("login", "--url", server.BaseAddress.ToString(), "--token", ServerFixture.AdminToken);
        Assert.Equal(0, login.ExitCode);
        var config = File.ReadAllText(Path.Combine(fresh.ConfigDirectory, "config.json"));

        var badToken = await fresh.RunAsync("login", "--url", server.BaseAddress.ToString(), "--token", "not-a-token");
        var unreachable = await fresh.RunAsync("login", "--url", "http://127.0.0.1:1/", "--token", "whatever");

        Assert.Equal(ExitCodes.Unauthorized, badToken.ExitCode);
        Assert.Equal(ExitCodes.Unreachable, unreachable.ExitCode);
        Assert.Equal(ServerFixture.AdminToken, File.ReadAllText(Path.Combine(fresh.ConfigDirectory, "token")).Trim());
        Assert.Equal(config, File.ReadAllText(Path.Combine(fresh.ConfigDirectory, "config.json")));
        Assert.Equal(0, (await fresh.RunAsync("ls")).ExitCode);
    }

    [Fact]
    public async Task Push_declares_precision_memory_and_quality_per_tier_and_a_tolerance()
    {
        var fp32 = _cli.Write("t/model.onnx", Models.MatMul(_seed));
        var int8 = _cli.Write("t/model_int8.onnx", Models.MatMulInt8(_seed));

        var pushed = await _cli.RunAsync("push", _repo, "1.0.0", "--variant", $"fp32={fp32}", "--variant", $"int8={int8}",
            "--precision", "int8=int8", "--memory", "int8=512m", "--memory", "fp32=1g", "--quality", "int8=0.5",
            "--tolerance", "minCosine=0.9,maxAbsDiff=1");
        var wrongTier = await _cli.RunAsync("push", _repo, "1.0.1", "--variant", $"fp32={fp32}", "--memory", "int4=1g");
        var detail = await server.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/models/{_repo}/versions/1.0.0");

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var tiers = detail.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal(512, tiers["int8"].GetProperty("minMemoryMb").GetInt64());
        Assert.Equal(1024, tiers["fp32"].GetProperty("minMemoryMb").GetInt64());
        Assert.Equal(0.5, tiers["int8"].GetProperty("quality").GetDouble());
        Assert.Equal("int8", tiers["int8"].GetProperty("precision").GetString());
        Assert.Equal(ExitCodes.Usage, wrongTier.ExitCode);
    }

    [Fact]
    public async Task Rollback_goes_to_the_previous_distinct_version_or_the_one_named()
    {
        foreach (var version in new[] { "1.0.0", "2.0.0" })
        {
            var file = _cli.Write($"{version}/model.onnx", Models.MatMul(_seed + version[0]));
            Assert.Equal(0, (await _cli.RunAsync("push", _repo, version, "--file", file)).ExitCode);
            Assert.Equal(0, (await _cli.RunAsync("channel", "set", _repo, "stable", version)).ExitCode);
        }

        var back = await _cli.RunAsync("channel", "rollback", _repo, "stable", "--json");
        var again = await _cli.RunAsync("channel", "rollback", _repo, "stable", "--json");
        var named = await _cli.RunAsync("channel", "rollback", _repo, "stable", "--to", "2.0.0", "--json");
        var never = await _cli.RunAsync("channel", "rollback", _repo, "stable", "--to", "9.9.9", "--json");

        Assert.Equal("1.0.0", back.Json.GetProperty("version").GetString());
        Assert.Equal("nothing_to_roll_back", again.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("2.0.0", named.Json.GetProperty("version").GetString());
        Assert.Equal("version_not_in_history", never.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_corrupted_cached_file_is_detected_and_fetched_again()
    {
        var model = Models.MatMul(_seed);
        Assert.Equal(0, (await _cli.RunAsync("push", _repo, "1.0.0", "--file", _cli.Write("m/model.onnx", model))).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("pull", _repo + "@1.0.0", "--json")).ExitCode);
        var blob = Path.Combine(_cli.CacheDirectory, "blobs", "sha256", TestData.Digest(model)[7..]);
        var bytes = File.ReadAllBytes(blob);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);

        var pulled = await _cli.RunAsync("pull", _repo + "@1.0.0", "--json");

        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Equal(model.Length, pulled.Json.GetProperty("bytesDownloaded").GetInt64());
        var path = pulled.Json.GetProperty("files").GetProperty("model.onnx").GetString()!;
        Assert.Equal(TestData.Digest(model), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
    }
}

public sealed class CliDeliveryTestsOnEmbedded(EmbeddedServerFixture server)
    : CliDeliveryTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class CliDeliveryTestsOnPostgresS3(ExternalServerFixture server)
    : CliDeliveryTests(server), IClassFixture<ExternalServerFixture>;
