namespace ModelHub.Server.Http;

/// <summary>
/// A request body grew past a limit while it was read; answered 413 with <see cref="Code"/>, nothing stored. An
/// <see cref="IOException"/>, as what a content stream throws is to the stores (which hand it back unwrapped).
/// </summary>
public sealed class ContentTooLargeException(string code, string message) : IOException(message)
{
    public string Code { get; } = code;
}
