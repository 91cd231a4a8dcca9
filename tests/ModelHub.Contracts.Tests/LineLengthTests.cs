using System.Diagnostics;
using System.Text;

namespace ModelHub.Contracts.Tests;

/// <summary>
/// Build hygiene: no line of the repository's own text files is longer than 140 characters (<c>max_line_length</c> in
/// .editorconfig). Generated, vendored and binary files are left out.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLength = 140;

    private static readonly string[] BinaryExtensions =
    [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".onnx", ".wasm", ".pb", ".npy", ".npz", ".parquet", ".gz", ".zip",
        ".db", ".woff", ".woff2", ".ttf", ".pdf", ".dll", ".exe",
    ];

    // Generated: the solution file, the OpenAPI document, EF Core migrations, npm lock files, the Unicode table.
    private static readonly string[] GeneratedFiles = ["openapi.yaml", "package-lock.json"];
    private const string Decompositions = "src/ModelHub.Core/Naming/Decompositions.txt";

    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git", ".vs", ".idea", "TestResults", "artifacts"];

    [Fact]
    public void No_line_is_longer_than_140_characters()
    {
        var root = RepositoryRoot();
        var offenders = new List<string>();
        foreach (var path in RepositoryFiles(root).Where(IsChecked).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, path));
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).Contains((byte)0))
            {
                continue;
            }

            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var length = lines[i].TrimEnd('\r').EnumerateRunes().Count();
                if (length > MaxLength)
                {
                    offenders.Add($"{path}:{i + 1} ({length})");
                }
            }
        }

        var list = string.Join(Environment.NewLine, offenders);
        Assert.True(offenders.Count == 0, $"{offenders.Count} lines longer than {MaxLength} characters:{Environment.NewLine}{list}");
    }

    [Fact]
    public void The_walk_sees_the_repository_and_this_file()
    {
        var files = RepositoryFiles(RepositoryRoot()).Where(IsChecked).ToList();

        Assert.Contains("tests/ModelHub.Contracts.Tests/LineLengthTests.cs", files);
        Assert.Contains("src/ModelHub.Server/Program.cs", files);
        Assert.DoesNotContain(files, f => f.Contains("/bin/", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("src/ModelHub.Server/Program.cs", true)]
    [InlineData("src/ModelHub.Server/wwwroot/js/try.js", true)]
    [InlineData("tools/ModelHub.Migrations/Program.cs", true)]
    [InlineData("deploy/dev-services.sh", true)]
    [InlineData("ModelHub.sln", false)]
    [InlineData("openapi.yaml", false)]
    [InlineData("src/ModelHub.Server/package-lock.json", false)]
    [InlineData("src/ModelHub.Database.Sqlite/Migrations/20261128022050_DownloadLookups.cs", false)]
    [InlineData("src/ModelHub.Core/Naming/Decompositions.txt", false)]
    [InlineData("docs/screenshots/home.png", false)]
    [InlineData("src/ModelHub.Server/wwwroot/lib/bootstrap/bootstrap.min.js", false)]
    [InlineData("src/ModelHub.Server/node_modules/onnxruntime-web/dist/ort.min.js", false)]
    public void Generated_vendored_and_binary_files_are_left_out(string path, bool isChecked) =>
        Assert.Equal(isChecked, IsChecked(path));

    private static bool IsChecked(string path)
    {
        var segments = path.Split('/');
        var name = segments[^1];
        var folders = segments[..^1];
        return !name.EndsWith(".sln", StringComparison.OrdinalIgnoreCase)
            && !GeneratedFiles.Contains(name, StringComparer.Ordinal)
            && path != Decompositions
            && !BinaryExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)
            && !folders.Contains("Migrations", StringComparer.Ordinal)
            && !folders.Any(f => f is "vendor" or "third_party")
            && !path.Contains("wwwroot/lib/", StringComparison.Ordinal)
            && !folders.Intersect(SkippedFolders, StringComparer.Ordinal).Any();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ModelHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ModelHub.sln.");
    }

    /// <summary>
    /// Tracked files and new ones git does not ignore, as '/'-separated relative paths; without git (a source archive, a
    /// repository owned by another user), every file outside build output and dependency folders.
    /// </summary>
    private static List<string> RepositoryFiles(string root)
    {
        var tracked = GitFiles(root);
        var files = tracked ?? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/')[..^1].Any(d => SkippedFolders.Contains(d, StringComparer.Ordinal) || d is "data"))
            .ToList();
        return files.Where(f => File.Exists(Path.Combine(root, f))).ToList();
    }

    private static List<string>? GitFiles(string root)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ls-files", "-z", "--cached", "--others", "--exclude-standard" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
