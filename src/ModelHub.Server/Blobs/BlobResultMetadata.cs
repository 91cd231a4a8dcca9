namespace ModelHub.Server.Blobs;

public static class BlobResultMetadata
{
    /// <summary>Documents a route answered by a <see cref="BlobResult"/>: bytes, a range of them, 304, or 416.</summary>
    public static RouteHandlerBuilder ProducesBlob(this RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
        .Produces(StatusCodes.Status206PartialContent, contentType: "application/octet-stream")
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
}
