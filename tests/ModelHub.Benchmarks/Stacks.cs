using Npgsql;

namespace ModelHub.Benchmarks;

/// <summary>The storage stacks to measure: the embedded default always, PostgreSQL + S3 when their addresses are set.</summary>
public static class Stacks
{
    public static async Task<Dictionary<string, string>?> SettingsAsync(string stack)
    {
        if (stack == "embedded")
        {
            return new Dictionary<string, string> { ["ModelHub__Database__Provider"] = "Sqlite", ["ModelHub__Storage__Provider"] = "FileSystem" };
        }

        var postgres = Environment.GetEnvironmentVariable("MODELHUB_TEST_POSTGRES");
        var s3 = Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_ENDPOINT");
        if (string.IsNullOrEmpty(postgres) || string.IsNullOrEmpty(s3))
        {
            Console.Error.WriteLine("postgres-s3: skipped (run `source deploy/dev-services.sh` to measure it)");
            return null;
        }

        var database = $"bench_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
        }

        return new Dictionary<string, string>
        {
            ["ModelHub__Database__Provider"] = "Postgres",
            ["ModelHub__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString,
            ["ModelHub__Storage__Provider"] = "S3",
            ["ModelHub__Storage__S3__Endpoint"] = s3,
            ["ModelHub__Storage__S3__AccessKey"] = Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_ACCESS_KEY") ?? "S3RVER",
            ["ModelHub__Storage__S3__SecretKey"] = Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_SECRET_KEY") ?? "S3RVER",
            ["ModelHub__Storage__S3__Bucket"] = $"bench-{Guid.NewGuid():N}"[..20],
        };
    }
}
