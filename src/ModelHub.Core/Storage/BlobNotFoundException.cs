namespace ModelHub.Core.Storage;

/// <summary>Thrown by an <see cref="IBlobStore"/> when the object to read does not exist.</summary>
public sealed class BlobNotFoundException(string key) : Exception($"No object at '{key}'.")
{
    public string Key { get; } = key;
}
