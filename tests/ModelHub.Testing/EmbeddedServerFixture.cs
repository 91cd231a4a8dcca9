namespace ModelHub.Testing;

/// <summary>The embedded default: SQLite and the filesystem store, in a temporary folder of its own.</summary>
public sealed class EmbeddedServerFixture : ServerFixture
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelhub-tests", Guid.NewGuid().ToString("N"));

    public override string StackName => "sqlite+filesystem";

    protected override Task<IDictionary<string, string?>> PrepareStackAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["ModelHub:Database:Provider"] = "Sqlite",
            ["ModelHub:Database:ConnectionString"] = $"Data Source={Path.Combine(_root, "modelhub.db")}",
            ["ModelHub:Storage:Provider"] = "FileSystem",
            ["ModelHub:Storage:FileSystem:Path"] = Path.Combine(_root, "blobs"),
            ["ModelHub:Signing:KeyEncryptionKeyFile"] = Path.Combine(_root, "signing.kek"),
        });
    }

    protected override Task CleanUpStackAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing request: the temp folder is cleaned by the OS eventually.
        }

        return Task.CompletedTask;
    }
}
