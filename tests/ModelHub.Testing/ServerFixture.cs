using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModelHub.Testing;

/// <summary>
/// Runs the real server in-process on Kestrel (real sockets, so truncated bodies and dropped connections behave as
/// in production) over one storage stack. Each test class gets its own fixture: a fresh database and blob store.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public const string AdminToken = "test-admin-token-0123456789";

    private WebApplicationFactory<Program>? _factory;

    /// <summary>The stack's name, for test output.</summary>
    public abstract string StackName { get; }

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _factory!.Services;

    /// <summary>Configuration for this stack (database and storage keys).</summary>
    protected abstract Task<IDictionary<string, string?>> PrepareStackAsync();

    protected virtual Task CleanUpStackAsync() => Task.CompletedTask;

    private IDictionary<string, string?> _settings = new Dictionary<string, string?>();

    /// <summary>The settings the server runs with (its database and store among them), for a second host on the same stack.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(_settings);

    public async Task InitializeAsync()
    {
        _settings = await PrepareStackAsync();
        _settings["ModelHub:Auth:AdminToken"] = AdminToken;
        _settings["Serilog:MinimumLevel:Default"] = "Warning";
        // Generous for a busy 2-core CI machine; hostile-model tests bring their own limits.
        _settings["ModelHub:Validation:Timeout"] = "00:01:00";
        // An idle-class evaluation worker (the default) waits while anything else wants a core: on a CI machine running
        // several test assemblies at once, that could be minutes. WorkerPriorityTests checks the default on its own.
        _settings["ModelHub:Evaluations:WorkerPriority"] = "low";
        Start();
    }

    /// <summary>Stops the server and starts a new one on the same database and store, as a deployment would.</summary>
    public async Task RestartAsync(IDictionary<string, string?>? changes = null)
    {
        await StopAsync();
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        Start();
    }

    public HttpClient CreateClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        await CleanUpStackAsync();
    }

    private void Start()
    {
        var settings = _settings;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("urls", "http://127.0.0.1:0");
            // Program reads some settings while building, before ConfigureAppConfiguration sources apply: UseSetting is early enough.
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _factory.UseKestrel();
        _factory.StartServer();
        using var probe = _factory.CreateClient();
        BaseAddress = probe.BaseAddress!;
        Admin = CreateClient(AdminToken);
        Anonymous = CreateClient(null);
    }

    private async Task StopAsync()
    {
        Admin?.Dispose();
        Anonymous?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }
    }
}
