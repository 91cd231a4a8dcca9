using Npgsql;

namespace ModelHub.Testing;

/// <summary>
/// The production stack: PostgreSQL and an S3-compatible server. Each fixture creates its own database and bucket.
/// The services come from environment variables (set by <c>deploy/dev-services.sh</c>, which CI sources), else from
/// Testcontainers where a Docker engine exists.
/// </summary>
public sealed class ExternalServerFixture : ServerFixture
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private ExternalServices? _services;
    private string? _database;

    public override string StackName => "postgres+s3";

    protected override async Task<IDictionary<string, string?>> PrepareStackAsync()
    {
        _services = await ExternalServices.GetAsync();
        _database = $"modelhub_test_{_suffix}";
        await using (var connection = new NpgsqlConnection(_services.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(_services.PostgresConnectionString) { Database = _database, Pooling = true };
        return new Dictionary<string, string?>
        {
            ["ModelHub:Database:Provider"] = "Postgres",
            ["ModelHub:Database:ConnectionString"] = database.ConnectionString,
            ["ModelHub:Storage:Provider"] = "S3",
            ["ModelHub:Storage:S3:Endpoint"] = _services.S3Endpoint,
            ["ModelHub:Storage:S3:AccessKey"] = _services.S3AccessKey,
            ["ModelHub:Storage:S3:SecretKey"] = _services.S3SecretKey,
            ["ModelHub:Storage:S3:Bucket"] = $"modelhub-test-{_suffix}",
            ["ModelHub:Storage:S3:CreateBucket"] = "true",
            // Replicas share the key that encrypts the signing keys through configuration, not a local file.
            ["ModelHub:Signing:KeyEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
    }

    protected override async Task CleanUpStackAsync()
    {
        if (_services is null || _database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_services.PostgresConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
