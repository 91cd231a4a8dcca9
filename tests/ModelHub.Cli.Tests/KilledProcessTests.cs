using System.Diagnostics;
using System.Net.Http.Headers;
using ModelHub.Client;
using ModelHub.Testing;
using ModelHub.TestModels;

namespace ModelHub.Cli.Tests;

/// <summary>
/// A real <c>modelhub</c> process is killed in the middle of a transfer (through a slow link, so there is a middle);
/// the next run continues from where it stopped and transfers only the rest.
/// </summary>
public abstract class KilledProcessTests(ServerFixture server) : IDisposable
{
    private readonly CliRunner _cli = new(server.BaseAddress);
    private readonly string _repo = "lab/kill-" + Guid.NewGuid().ToString("N")[..10];
    private readonly System.Text.StringBuilder _output = new();

    public void Dispose() => _cli.Dispose();

    private Process Start(Uri address, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MODELHUB_URL"] = address.ToString();
        start.Environment["MODELHUB_TOKEN"] = ServerFixture.AdminToken;
        start.Environment["MODELHUB_CACHE"] = _cli.CacheDirectory;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_cli.Root, "xdg");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => _output.Append(e.Data).Append('\n');
        process.ErrorDataReceived += (_, e) => _output.Append(e.Data).Append('\n');
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task KillWhenAsync(Process process, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"modelhub exited ({process.ExitCode}) before the test could kill it mid-transfer:\n{_output}");
            }

            Assert.True(DateTime.UtcNow < deadline, "the transfer never reached the point to kill it");
            await Task.Delay(25);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [Fact]
    public async Task A_killed_pull_continues_from_its_partial_file_and_ends_byte_exact()
    {
        var model = Models.Large(12, seed: Random.Shared.Next(1000, 1_000_000));
        var push = await _cli.RunAsync("push", _repo, "1.0.0", "--file", _cli.Write("model.onnx", model));
        Assert.True(push.ExitCode == 0, push.ToString());
        var partial = new ModelCache(_cli.CacheDirectory).PartialPath(TestData.Digest(model));

        await using (var slow = new ChaosProxy(server.BaseAddress) { BytesPerSecond = 3_000_000 })
        {
            using var process = Start(slow.Address, "pull", _repo + "@1.0.0", "--device", "ep=cpu");
            await KillWhenAsync(process, () => Task.FromResult(File.Exists(partial) && new FileInfo(partial).Length > model.Length / 4));
        }

        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, model.Length / 4, model.Length - 1);

        var pull = await _cli.RunAsync("pull", _repo + "@1.0.0", "--device", "ep=cpu", "-o", Path.Combine(_cli.Root, "out"), "--json");

        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Equal(model.Length - kept, pull.Json.GetProperty("bytesDownloaded").GetInt64());
        Assert.Equal(model, await File.ReadAllBytesAsync(Path.Combine(_cli.Root, "out", "model.onnx")));
    }

    [Fact]
    public async Task A_killed_push_continues_its_upload_session_from_the_server_offset()
    {
        const int chunk = 16 << 20;
        var model = Models.Large(26, seed: Random.Shared.Next(1000, 1_000_000));
        var file = _cli.Write("model.onnx", model);
        long offset = 0;

        // The session state is kept per server address: both runs go through the proxy (the second at full speed).
        await using var slow = new ChaosProxy(server.BaseAddress) { BytesPerSecond = 4_000_000 };
        var state = new ModelCache(_cli.CacheDirectory).UploadStatePath(slow.Address, TestData.Digest(model));
        using (var process = Start(slow.Address, "push", _repo, "1.0.0", "--file", file))
        {
            await KillWhenAsync(process, async () =>
            {
                if (!File.Exists(state))
                {
                    return false;
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, (await File.ReadAllTextAsync(state)).Trim());
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerFixture.AdminToken);
                using var response = await server.Admin.SendAsync(request);
                offset = response.Headers.TryGetValues("Upload-Offset", out var values) ? long.Parse(values.First()) : 0;
                return offset >= chunk;
            });
        }

        slow.BytesPerSecond = 0;
        _cli.Variables["MODELHUB_URL"] = slow.Address.ToString();
        var push = await _cli.RunAsync("push", _repo, "1.0.0", "--file", file, "--json");

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Equal("published", push.Json.GetProperty("state").GetString());
        Assert.Equal(model.Length - offset, push.Json.GetProperty("bytesUploaded").GetInt64());
        Assert.False(File.Exists(state));
    }
}

public sealed class KilledProcessTestsOnEmbedded(EmbeddedServerFixture server)
    : KilledProcessTests(server), IClassFixture<EmbeddedServerFixture>;

public sealed class KilledProcessTestsOnPostgresS3(ExternalServerFixture server)
    : KilledProcessTests(server), IClassFixture<ExternalServerFixture>;
