using System.Security.Cryptography;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Cli.Tests;

/// <summary>The modelhub command line end to end against the real server.</summary>
public abstract class CliTests(ServerFixture server) : IDisposable
{
    private readonly CliRunner _cli = new(server.BaseAddress);
    private readonly string _repo = "lab/cli-" + Guid.NewGuid().ToString("N")[..10];
    private readonly int _seed = Random.Shared.Next(10, 100_000);

    public void Dispose() => _cli.Dispose();

    private static string Sha256(string file) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private async Task<CliResult> PushTiersAsync(string version, byte[] int8, int offset = 0)
    {
        var fp32 = _cli.Write($"{version}/model.onnx", Models.MatMul(_seed + offset));
        var quantized = _cli.Write($"{version}/model_int8.onnx", int8);
        var config = _cli.Write($"{version}/config.json", "{\"task\":\"regression\"}"u8.ToArray());
        return await _cli.RunAsync("push", _repo, version, "--variant", $"fp32={fp32}", "--variant", $"int8={quantized}",
            "--providers", "fp32=cpu", "--providers", "int8=wasm", "--file", config, "--notes", "first cut");
    }

    [Fact]
    public async Task Push_two_tiers_prints_the_report_and_two_devices_pull_two_tiers()
    {
        var pushed = await PushTiersAsync("1.0.0", Models.MatMulInt8(_seed));

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var report = pushed.Out + pushed.Error;
        Assert.Contains("published", report);
        Assert.Contains("model_int8.onnx", report);
        Assert.Matches(@"y: cos (1|0\.9\d*), max", report);

        var desktop = await _cli.RunAsync(
            "pull", _repo + "@1.0.0", "--device", "memory=16g,ep=cpu,platform=linux", "-o", Path.Combine(_cli.Root, "desktop"), "--json");
        var browser = await _cli.RunAsync(
            "pull", _repo + "@1.0.0", "--device", "memory=4g,ep=wasm,platform=web", "-o", Path.Combine(_cli.Root, "browser"), "--json");

        Assert.True(desktop.ExitCode == 0, desktop.ToString());
        Assert.True(browser.ExitCode == 0, browser.ToString());
        Assert.Equal("fp32", desktop.Json.GetProperty("variant").GetString());
        Assert.Equal("int8", browser.Json.GetProperty("variant").GetString());
        Assert.Equal(TestData.Digest(Models.MatMul(_seed)), Sha256(Path.Combine(_cli.Root, "desktop", "model.onnx")));
        Assert.Equal(TestData.Digest(Models.MatMulInt8(_seed)), Sha256(Path.Combine(_cli.Root, "browser", "model_int8.onnx")));
        Assert.True(File.Exists(Path.Combine(_cli.Root, "browser", "config.json")));

        var again = await _cli.RunAsync("pull", _repo + "@1.0.0", "--device", "memory=16g,ep=cpu,platform=linux", "--json");
        Assert.Equal(0, again.Json.GetProperty("bytesDownloaded").GetInt64());
    }

    [Fact]
    public async Task A_rejected_tier_exits_3_with_the_reason_and_its_numbers()
    {
        var pushed = await PushTiersAsync("1.0.0", Models.MatMulBroken(_seed));

        Assert.Equal(ExitCodes.Rejected, pushed.ExitCode);
        var report = pushed.Out + pushed.Error;
        Assert.Contains("rejected", report);
        Assert.Contains("int8", report);
        Assert.Matches(@"\d\.\d", report);
    }

    [Fact]
    public async Task Manifest_explains_the_choice_and_channels_move_and_roll_back()
    {
        Assert.Equal(0, (await PushTiersAsync("1.0.0", Models.MatMulInt8(_seed))).ExitCode);
        Assert.Equal(0, (await PushTiersAsync("2.0.0", Models.MatMulInt8(_seed + 1), offset: 1)).ExitCode);

        Assert.Equal(0, (await _cli.RunAsync("channel", "set", _repo, "stable", "1.0.0")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("channel", "set", _repo, "stable", "2.0.0")).ExitCode);
        var manifest = await _cli.RunAsync("manifest", _repo + ":stable", "--device", "ep=wasm,platform=web", "--json");
        Assert.Equal("2.0.0", manifest.Json.GetProperty("version").GetString());
        Assert.StartsWith("chose int8", manifest.Json.GetProperty("reason").GetString());
        var human = await _cli.RunAsync("manifest", _repo + ":stable", "--device", "ep=wasm,platform=web");
        Assert.Contains("int8", human.Error + human.Out);
        Assert.Contains("fp32", human.Error + human.Out);

        var rollback = await _cli.RunAsync("channel", "rollback", _repo, "stable", "--json");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        var history = await _cli.RunAsync("channel", "history", _repo, "stable", "--json");
        var moves = history.Json.EnumerateArray().ToList();
        Assert.Equal(3, moves.Count);
        Assert.Equal("1.0.0", moves[0].GetProperty("to").GetString());

        var versions = await _cli.RunAsync("versions", _repo, "--json");
        Assert.Equal(2, versions.Json.GetArrayLength());
        var show = await _cli.RunAsync("show", _repo, "--json");
        Assert.Equal(_repo[4..], show.Json.GetProperty("repository").GetProperty("name").GetString());
        Assert.Equal("1.0.0", show.Json.GetProperty("channels")[0].GetProperty("version").GetString());
    }

    [Fact]
    public async Task Datasets_push_as_folders_and_models_name_them_as_lineage()
    {
        var folder = Path.Combine(_cli.Root, "data");
        Directory.CreateDirectory(Path.Combine(folder, "split"));
        File.WriteAllText(Path.Combine(folder, "split", "train.csv"), $"x,y\n1,{_seed}\n");
        File.WriteAllText(Path.Combine(folder, "README.md"), "# Data\n");
        var dataRepo = _repo + "-data";

        var data = await _cli.RunAsync("push-dataset", dataRepo, "3", folder, "--json");
        Assert.True(data.ExitCode == 0, data.ToString());
        Assert.Equal("published", data.Json.GetProperty("state").GetString());
        var shown = await _cli.RunAsync("show", dataRepo, "--kind", "datasets", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, shown.Json.GetProperty("channels").ValueKind);

        var model = _cli.Write("m/model.onnx", Models.MatMul(_seed));
        var pushed = await _cli.RunAsync("push", _repo, "1.0.0", "--file", model, "--dataset", dataRepo + "@3", "--json");
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.Equal(dataRepo, pushed.Json.GetProperty("version").GetProperty("datasets")[0].GetProperty("repository").GetString());

        var missing = await _cli.RunAsync("push", _repo, "1.0.1", "--file", model, "--dataset", dataRepo + "@4", "--json");
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Equal("dataset_version_not_found", missing.Json.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Exit_codes_say_what_went_wrong()
    {
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("pull", "lab/nothing-here")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("pull", _repo, "--device", "colour=blue")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("pull", "not-a-reference")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("push", _repo, "1.0.0", "--file", "/does/not/exist.onnx")).ExitCode);
        Assert.NotEqual(0, (await _cli.RunAsync("no-such-command")).ExitCode);

        using var anonymous = new CliRunner(server.BaseAddress, token: null);
        var model = anonymous.Write("model.onnx", Models.MatMul(_seed));
        var denied = await anonymous.RunAsync("push", _repo, "1.0.0", "--file", model, "--json");
        Assert.Equal(ExitCodes.Unauthorized, denied.ExitCode);
        Assert.Equal("authentication_required", denied.Json.GetProperty("error").GetProperty("code").GetString());

        using var nowhere = new CliRunner(null);
        Assert.Equal(ExitCodes.Usage, (await nowhere.RunAsync("ls")).ExitCode);

        using var unreachable = new CliRunner(new Uri("http://127.0.0.1:1/"));
        Assert.Equal(ExitCodes.Unreachable, (await unreachable.RunAsync("ls")).ExitCode);
    }

    [Fact]
    public async Task Login_remembers_the_server_with_a_private_token_file_and_tokens_can_be_managed()
    {
        using var fresh = new CliRunner(null, token: null);
        var login = await fresh.RunAsync("login", "--url", server.BaseAddress.ToString(), "--token", ServerFixture.AdminToken);
        Assert.True(login.ExitCode == 0, login.ToString());
        var tokenFile = Path.Combine(fresh.ConfigDirectory, "token");
        Assert.Equal(ServerFixture.AdminToken, File.ReadAllText(tokenFile).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        }

        var created = await fresh.RunAsync("token", "create", "--name", "ci", "--scope", "write", "--owner", "lab", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = created.Json.GetProperty("info").GetProperty("id").GetInt64();
        Assert.False(string.IsNullOrEmpty(created.Json.GetProperty("token").GetString()));
        var listed = await fresh.RunAsync("token", "list", "--json");
        Assert.Contains(listed.Json.EnumerateArray(), t => t.GetProperty("id").GetInt64() == id);
        Assert.Equal(0, (await fresh.RunAsync("token", "revoke", id.ToString())).ExitCode);
        var after = await fresh.RunAsync("token", "list", "--json");
        Assert.Contains(after.Json.EnumerateArray(),
            t => t.GetProperty("id").GetInt64() == id && t.GetProperty("revokedAt").ValueKind == System.Text.Json.JsonValueKind.String);

        var ls = await fresh.RunAsync("ls", "--json");
        Assert.True(ls.ExitCode == 0, ls.ToString());
    }

    [Theory]
    [InlineData("login")]
    [InlineData("push")]
    [InlineData("push-dataset")]
    [InlineData("pull")]
    [InlineData("manifest")]
    [InlineData("ls")]
    [InlineData("show")]
    [InlineData("versions")]
    [InlineData("channel", "set")]
    [InlineData("channel", "history")]
    [InlineData("channel", "rollback")]
    [InlineData("token", "create")]
    [InlineData("token", "list")]
    [InlineData("token", "revoke")]
    public async Task Every_command_has_help(params string[] command)
    {
        var help = await _cli.RunAsync([.. command, "--help"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Out);
        Assert.Contains(string.Join(" ", command), help.Out);
    }
}

public sealed class CliTestsOnEmbedded(EmbeddedServerFixture server) : CliTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class CliTestsOnPostgresS3(ExternalServerFixture server) : CliTests(server), IClassFixture<ExternalServerFixture>;
