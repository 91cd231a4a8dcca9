namespace ModelHub.Server.CrossOrigin;

public sealed class CorsOptions
{
    public const string Section = "ModelHub:Cors";

    /// <summary>Whether pages on other origins may read public content at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Origins (<c>https://app.example.com</c>) whose pages may read public content: manifests, blobs, version files,
    /// the Hugging Face routes and the signing key. Unset or <c>*</c> (the default): any origin, which is safe here
    /// because cross-origin answers never allow credentials and private content is never shared.
    /// </summary>
    public string[]? AllowedOrigins { get; set; }
}
