using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;

namespace ModelHub.Testing;

/// <summary>Where the PostgreSQL and S3 servers for the production-stack tests come from, found once per test run.</summary>
public sealed record ExternalServices(string PostgresConnectionString, string S3Endpoint, string S3AccessKey, string S3SecretKey)
{
    public const string PostgresVariable = "MODELHUB_TEST_POSTGRES";
    public const string S3EndpointVariable = "MODELHUB_TEST_S3_ENDPOINT";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ExternalServices? _current;

    public static async Task<ExternalServices> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _current ??= FromEnvironment() ?? await FromContainersAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static ExternalServices? FromEnvironment()
    {
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        var s3 = Environment.GetEnvironmentVariable(S3EndpointVariable);
        if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(s3))
        {
            return null;
        }

        return new ExternalServices(postgres, s3,
            Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_ACCESS_KEY") ?? "S3RVER",
            Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_SECRET_KEY") ?? "S3RVER");
    }

    private static async Task<ExternalServices> FromContainersAsync()
    {
        if (!File.Exists("/var/run/docker.sock") && Environment.GetEnvironmentVariable("DOCKER_HOST") is null)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL + S3 tests need {PostgresVariable} and {S3EndpointVariable} (run `source deploy/dev-services.sh` first) " +
                "or a Docker engine for Testcontainers.");
        }

        var postgres = new PostgreSqlBuilder("postgres:17-alpine").Build();
        const string key = "modelhub", secret = "modelhub-secret";
        IContainer minio = new ContainerBuilder("minio/minio:latest")
            .WithCommand("server", "/data")
            .WithEnvironment("MINIO_ROOT_USER", key)
            .WithEnvironment("MINIO_ROOT_PASSWORD", secret)
            .WithPortBinding(9000, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPath("/minio/health/ready").ForPort(9000)))
            .Build();
        await Task.WhenAll(postgres.StartAsync(), minio.StartAsync());
        return new ExternalServices(
            postgres.GetConnectionString(), $"http://{minio.Hostname}:{minio.GetMappedPublicPort(9000)}", key, secret);
    }
}
