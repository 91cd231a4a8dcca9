using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace ModelHub.Server.Tests.Hosting;

/// <summary>
/// The built server as a service manager runs it, in Production, from a working directory that is not its own: it
/// reads its configuration, logs what happened truthfully, and keeps its data to itself.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ServerProcessTests
{
    private const string StrongToken = "a-production-admin-token-of-40-characters";

    private static Dictionary<string, string?> Production(string? adminToken) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ModelHub__Auth__AdminToken"] = adminToken,
    };

    [Fact]
    public async Task Started_from_another_folder_it_reads_its_settings_and_logs_each_request_as_it_was_answered()
    {
        await using var server = ChildServer.Start(Production(StrongToken));
        Assert.True(await server.WaitForLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal)),
            $"the server logged no start-up line (its appsettings.json was not read?):\n{server.Output}");
        using var admin = server.CreateClient(StrongToken);

        using var malformed = await admin.PostAsync("/v1/models", new StringContent("{not json", null, "application/json"));
        using var forged = await admin.GetAsync("/v1/models/evil%0A[00:00:00 ERR] FORGED%E2%80%AE/x");
        using var created = await admin.PostAsJsonAsync("/v1/models", new { owner = "acme", name = "twice" });
        using var conflict = await admin.PostAsJsonAsync("/v1/models", new { owner = "acme", name = "twice" });
        Assert.True(await server.WaitForLineAsync(l => l.Contains("responded 409", StringComparison.Ordinal)), server.Output);

        Assert.Equal("malformed_json", await malformed.ProblemCodeAsync(HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("repository_exists", await conflict.ProblemCodeAsync(HttpStatusCode.Conflict));
        var lines = server.Lines;
        var request = Assert.Single(lines, l => l.Contains("HTTP POST /v1/models responded 4", StringComparison.Ordinal)
            && !l.Contains("409", StringComparison.Ordinal));
        Assert.Contains("responded 400", request);
        Assert.DoesNotContain(lines, l => l.StartsWith("[00:00:00 ERR] FORGED", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains('\u202E', StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(@"evil\u000A[00:00:00 ERR] FORGED\u202E/x", StringComparison.Ordinal));
        var errors = lines.Where(l => Regex.IsMatch(l, @"^\[\d\d:\d\d:\d\d (ERR|FTL)\]")
            || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.True(!errors.Any(), $"expected outcomes were logged as errors:\n{server.Output}");
    }

    [Fact]
    public async Task Its_data_folder_database_key_file_and_blobs_are_readable_by_its_user_only()
    {
        await using var server = ChildServer.Start(Production(StrongToken));
        Assert.True(await server.WaitForLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal)), server.Output);
        using var admin = server.CreateClient(StrongToken);
        await admin.PutBlobAsync(TestData.Bytes(1000, 5));

        var data = Path.Combine(server.WorkingDirectory, "data");
        var blob = Directory.EnumerateFiles(Path.Combine(data, "blobs", "blobs"), "*", SearchOption.AllDirectories).Single();

        const UnixFileMode folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(folder, File.GetUnixFileMode(data));
        Assert.Equal(folder, File.GetUnixFileMode(Path.Combine(data, "blobs")));
        Assert.Equal(file, File.GetUnixFileMode(Path.Combine(data, "modelhub.db")));
        Assert.Equal(file, File.GetUnixFileMode(Path.Combine(data, "signing.kek")));
        Assert.Equal(file, File.GetUnixFileMode(blob));
        Assert.All(Directory.EnumerateFiles(data, "modelhub.db*"), f => Assert.Equal(file, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task In_production_a_short_admin_token_stops_the_start()
    {
        await using var server = ChildServer.Start(Production("short-token"));

        var exitCode = await server.ExitCodeAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("at least 32", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_admin_token_or_any_token_it_logs_how_to_bootstrap()
    {
        await using var server = ChildServer.Start(Production(null));

        Assert.True(await server.WaitForLineAsync(l => l.Contains("ModelHub__Auth__AdminToken", StringComparison.Ordinal)), server.Output);
    }
}
