using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Comparison;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets;

public sealed partial class TableEngine
{
    /// <summary>
    /// Compares two versions of a table (see <see cref="TableCompareRequest"/>). Throws
    /// <see cref="UnknownColumnException"/> when the key or label column is missing from a side, <see cref="KeyException"/>
    /// (<c>duplicate_key</c>) when the key is not unique in a side, <see cref="TableInvalidException"/> when a side does
    /// not parse, <see cref="ArgumentOutOfRangeException"/> on a bad page.
    /// </summary>
    public Task<TableComparison> CompareAsync(TableCompareRequest request, CancellationToken cancellationToken = default) =>
        RunAsync([request.BasePath, request.HeadPath], async session =>
        {
            var @base = await OpenMaterialisedAsync(session, request.BasePath, cancellationToken);
            var head = await OpenMaterialisedAsync(session, request.HeadPath, cancellationToken);
            return await DuckErrors.TableAsync(
                () => TableComparer.CompareAsync(session, @base, head, request, _options, cancellationToken),
                request.HeadPath);
        }, cancellationToken);
}
