using System.Text;

namespace ModelHub.Server.Tests.Errors;

/// <summary>One row of the malformed-request table: a request the server must refuse with a 4xx problem and a stable code.</summary>
public sealed record MalformedRequest(string Name, HttpMethod Method, string Url, HttpStatusCode Status, string Code)
{
    public string? Json { get; init; }
    public byte[]? Bytes { get; init; }
    public string? ContentType { get; init; }
    public (string Name, string Value)[] Headers { get; init; } = [];
    public bool Anonymous { get; init; }

    /// <summary>Waits for the server's go-ahead before sending the body, so a refusal arrives before the upload.</summary>
    public bool ExpectContinue { get; init; }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Json is not null)
        {
            request.Content = new StringContent(Json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType ?? "application/json");
        }
        else if (Bytes is not null)
        {
            request.Content = new ByteArrayContent(Bytes);
        }

        request.Headers.ExpectContinue = ExpectContinue;
        foreach (var (name, value) in Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    public override string ToString() => Name;
}
