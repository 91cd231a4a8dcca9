using Microsoft.AspNetCore.StaticFiles;
using ModelHub.Core.Digests;
using ModelHub.Core.Naming;
using ModelHub.Server.Http;
using ModelHub.Server.Outcomes;

namespace ModelHub.Server.Versions;

/// <summary>Checks a version request before anything touches the database.</summary>
public static class VersionRequestValidator
{
    public const int MaxFiles = 10_000;
    public const int MaxNotes = 64 * 1024;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RequestError? Validate(CreateVersionRequest request)
    {
        if (!Names.IsValidVersion(request.Version))
        {
            return new RequestError(ErrorCodes.InvalidVersion, $"The version '{request.Version}' must match {Names.Pattern}.");
        }

        if (request.Notes?.Length > MaxNotes)
        {
            return new RequestError(ErrorCodes.InvalidField, $"notes is longer than {MaxNotes} characters.");
        }

        if (request.Files is null || request.Files.Count == 0)
        {
            return new RequestError(ErrorCodes.NoFiles, "A version needs at least one file.");
        }

        if (request.Files.Count > MaxFiles)
        {
            return new RequestError(ErrorCodes.TooManyFiles, $"A version holds at most {MaxFiles} files.");
        }

        var paths = new PathCollisions();
        for (var i = 0; i < request.Files.Count; i++)
        {
            if (ValidateFile(request.Files[i], i, paths) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// The paths of a version as the file systems clients write them to see them: two paths that differ only in case or
    /// Unicode normalisation are one file there, and a file cannot also be a folder.
    /// </summary>
    private sealed class PathCollisions
    {
        private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _folders = new(StringComparer.Ordinal);

        /// <summary>Null when <paramref name="path"/> fits beside the paths added before; else why not.</summary>
        public string? Add(string path)
        {
            var key = PathFolding.Fold(path);
            if (_files.TryGetValue(key, out var other))
            {
                return other == path ? $"'{path}' appears twice"
                    : $"'{path}' and '{other}' are one file where names ignore case or Unicode normalisation (Windows, macOS)";
            }

            if (_folders.TryGetValue(key, out var inside))
            {
                return $"'{path}' is a file and also the folder of '{inside}'";
            }

            foreach (var folder in FilePaths.Folders(path).Select(PathFolding.Fold))
            {
                if (_files.TryGetValue(folder, out var file))
                {
                    return $"'{file}' is a file and also the folder of '{path}'";
                }

                _folders.TryAdd(folder, path);
            }

            _files.Add(key, path);
            return null;
        }
    }

    public static string ContentTypeFor(FileEntry file)
    {
        if (!string.IsNullOrWhiteSpace(file.ContentType))
        {
            return file.ContentType;
        }

        return ContentTypes.TryGetContentType(file.Path!, out var type) ? type : "application/octet-stream";
    }

    private static RequestError? ValidateFile(FileEntry? file, int index, PathCollisions paths)
    {
        if (file is null)
        {
            return new RequestError(ErrorCodes.InvalidField, $"files[{index}] is null.");
        }

        if (FilePaths.Validate(file.Path) is { } reason)
        {
            return new RequestError(ErrorCodes.InvalidPath, $"files[{index}].path: {reason}.", Where(index));
        }

        if (paths.Add(file.Path!) is { } collision)
        {
            return new RequestError(ErrorCodes.DuplicatePath, $"files[{index}].path: {collision}.", Where(index));
        }

        if (!Sha256Digest.TryParse(file.Digest, out _))
        {
            return new RequestError(ErrorCodes.InvalidDigest, $"files[{index}].digest must be sha256:<64 hex characters>.", Where(index));
        }

        if (file.Size is null or < 0)
        {
            return new RequestError(ErrorCodes.InvalidSize, $"files[{index}].size must be a byte count ≥ 0.", Where(index));
        }

        if (!string.IsNullOrWhiteSpace(file.ContentType) && !UserContent.IsValidMediaType(file.ContentType))
        {
            return new RequestError(ErrorCodes.InvalidContentType,
                $"files[{index}].contentType is not a media type such as text/plain (printable ASCII, at most "
                + $"{UserContent.MaxMediaTypeLength} characters).", Where(index));
        }

        return null;
    }

    private static Dictionary<string, object?> Where(int index) => new() { ["index"] = index };
}
