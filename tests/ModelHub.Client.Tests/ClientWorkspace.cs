using System.Security.Cryptography;
using ModelHub.Testing;

namespace ModelHub.Client.Tests;

/// <summary>A temporary folder with model files to push and a client cache, removed afterwards.</summary>
public sealed class ClientWorkspace : IDisposable
{
    public ClientWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "modelhub-client-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string CacheDirectory => Path.Combine(Root, "cache");

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, "files", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public ModelHubClient Client(
        Uri server, string? token = ServerFixture.AdminToken, HttpMessageHandler? handler = null,
        Action<ModelHubClientOptions>? configure = null)
    {
        var options = new ModelHubClientOptions { BaseAddress = server, Token = token, CacheDirectory = CacheDirectory };
        configure?.Invoke(options);
        return new ModelHubClient(options, handler);
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a cancelled transfer: the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>Reports synchronously (unlike <see cref="Progress{T}"/>), so a test can act at an exact point of a transfer.</summary>
public sealed class SyncProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
{
    public void Report(TransferProgress value) => report(value);
}
