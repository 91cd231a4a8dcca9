using ModelHub.Evaluations.Isolation;

namespace ModelHub.Evaluations.Tables;

/// <summary>
/// The evaluation's table, opened on another thread while the tiers load: the pager, and, once the spec's columns are known
/// to exist, the count of rows to run and the first page already being read (the spec names the columns, so neither waits
/// for the model). A column the table lacks leaves <see cref="First"/> null: the run reports it after the model's checks.
/// </summary>
internal sealed record OpenedTable(RowPager Pager, long Total, Task<RowPage>? First)
{
    /// <summary>Rows read per query: a materialised row group, so each query reads one or two groups. (A short first page,
    /// 1,024 rows, cost nearly as much as a full one: DuckDB decodes the whole row group either way.)</summary>
    public const int PageRows = 8192;

    public static async Task<OpenedTable> OpenAsync(EvaluationWork work, RowColumns columns, CancellationToken cancellationToken)
    {
        var pager = await RowPager.OpenAsync(work.Table, work.ScratchDirectory, work.MemoryLimitMb, work.Spec.Filter, cancellationToken);
        try
        {
            pager.Read(columns.Select);
        }
        catch (EvaluationException)
        {
            return new OpenedTable(pager, 0, null);
        }

        try
        {
            var total = await pager.CountAsync(cancellationToken);
            return new OpenedTable(pager, total, pager.NextAsync(new RowPage(columns.Texts, PageRows), PageRows, cancellationToken));
        }
        catch
        {
            pager.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the pager once it has opened and its first page is read (also when the evaluation failed first).</summary>
    public static async Task CloseAsync(Task<OpenedTable> opening)
    {
        await ((Task)opening).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (opening.IsCompletedSuccessfully)
        {
            if (opening.Result.First is { } first)
            {
                await ((Task)first).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            opening.Result.Pager.Dispose();
        }
    }
}
