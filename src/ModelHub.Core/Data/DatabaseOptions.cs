namespace ModelHub.Core.Data;

public sealed class DatabaseOptions
{
    public const string Section = "ModelHub:Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The provider's connection string; for SQLite the default is a file under <c>./data</c>.</summary>
    public string? ConnectionString { get; set; }
}
