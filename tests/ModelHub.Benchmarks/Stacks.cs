using Npgsql;

namespace ModelHub.Benchmarks;

/// <summary>The storage stacks to measure: the embedded default always, PostgreSQL + S3 when their addresses are set.</summary>
public static class Stacks
{
    /// <summary>Whether the stack can be measured here (Postgres + S3 need their addresses in the environment).</summary>
    public static bool IsAvailable(string stack)
    {
        if (stack == "embedded" || (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MODELHUB_TEST_POSTGRES"))
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_ENDPOINT"))))
        {
            return true;
        }

        Console.Error.WriteLine($"{stack}: skipped (run `source deploy/dev-services.sh` to measure it)");
        return false;
    }

    /// <summary>Settings for a server on the stack, with a database and bucket of its own on Postgres + S3.</summary>
    public static async Task<Dictionary<string, string>> SettingsAsync(string stack)
    {
        if (stack == "embedded")
        {
            return new Dictionary<string, string>
            {
                ["ModelHub__Database__Provider"] = "Sqlite",
                ["ModelHub__Storage__Provider"] = "FileSystem",
            };
        }

        var postgres = Environment.GetEnvironmentVariable("MODELHUB_TEST_POSTGRES")!;
        var s3 = Environment.GetEnvironmentVariable("MODELHUB_TEST_S3_ENDPOINT")!;

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
