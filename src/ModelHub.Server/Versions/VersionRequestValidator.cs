using Microsoft.AspNetCore.StaticFiles;
using ModelHub.Core.Digests;
using ModelHub.Core.Naming;
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

        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Files.Count; i++)
        {
            if (ValidateFile(request.Files[i], i, paths) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    public static string ContentTypeFor(FileEntry file)
    {
        if (!string.IsNullOrWhiteSpace(file.ContentType))
        {
            return file.ContentType;
        }

        return ContentTypes.TryGetContentType(file.Path!, out var type) ? type : "application/octet-stream";
    }

    private static RequestError? ValidateFile(FileEntry? file, int index, HashSet<string> paths)
    {
        if (file is null)
        {
            return new RequestError(ErrorCodes.InvalidField, $"files[{index}] is null.");
        }

        if (FilePaths.Validate(file.Path) is { } reason)
        {
            return new RequestError(ErrorCodes.InvalidPath, $"files[{index}].path: {reason}.", Where(index));
        }

        if (!paths.Add(file.Path!))
        {
            return new RequestError(ErrorCodes.DuplicatePath, $"files[{index}].path '{file.Path}' appears twice.", Where(index));
        }

        if (!Sha256Digest.TryParse(file.Digest, out _))
        {
            return new RequestError(ErrorCodes.InvalidDigest, $"files[{index}].digest must be sha256:<64 hex characters>.", Where(index));
        }

        if (file.Size is null or < 0)
        {
            return new RequestError(ErrorCodes.InvalidSize, $"files[{index}].size must be a byte count ≥ 0.", Where(index));
        }

        if (file.ContentType?.Length > 128 || file.ContentType?.Any(char.IsControl) == true)
        {
            return new RequestError(ErrorCodes.InvalidField, $"files[{index}].contentType is not a media type.", Where(index));
        }

        return null;
    }

    private static Dictionary<string, object?> Where(int index) => new() { ["index"] = index };
}
