using System.ComponentModel.DataAnnotations;

namespace ModelHub.Core.Storage;

public sealed class FileSystemStorageOptions
{
    public const string Section = "ModelHub:Storage:FileSystem";

    /// <summary>The folder holding <c>blobs/</c> and <c>uploads/</c>; relative paths are resolved from the working directory.</summary>
    [Required]
    public string Path { get; set; } = "data/blobs";
}
