using ModelHub.Contracts.Datasets;
using ModelHub.Datasets;
using ModelHub.Datasets.Engine;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Filters;
using ModelHub.Datasets.Tables;

namespace ModelHub.Evaluations.Tables;

/// <summary>
/// Reads the rows of a materialised table that pass a filter, page after page in table order, through the table engine's
/// locked-down DuckDB session: each page starts after the last row number read, so row-group statistics skip what was
/// read and memory holds one page. Each row is its row number, then the asked columns' values, read typed into a
/// <see cref="RowPage"/>.
/// </summary>
internal sealed class RowPager : IDisposable
{
    private readonly DuckSession _session;
    private readonly TableSource _table;
    private readonly SqlCondition _filter;
    private string? _select;
    private long _after = -1;

    private RowPager(DuckSession session, TableSource table, SqlCondition filter)
    {
        _session = session;
        _table = table;
        _filter = filter;
    }

    public IReadOnlyList<TableColumn> Columns => _table.Columns;

    /// <summary>Opens <paramref name="path"/>; a bad filter raises <see cref="EvaluationException"/>. The columns to read are
    /// given next (<see cref="Read"/>): the model's inputs decide them, and the table opens while the model loads.</summary>
    public static async Task<RowPager> OpenAsync(
        string path, string scratch, int memoryLimitMb, string? filter, CancellationToken cancellationToken)
    {
        var options = new TableEngineOptions { MemoryLimitMb = memoryLimitMb, Threads = 1, ScratchDirectory = scratch };
        var session = DuckSession.Open(DatabaseStandby.Take(), options, scratch, [path]);
        try
        {
            var table = await TableSource.OpenAsync(session, path, cancellationToken);
            if (!table.Materialised)
            {
                throw new EvaluationException("The table is not a materialised copy (it has no row numbers).");
            }

            return new RowPager(session, table, FilterCompiler.Compile(filter, table.Columns));
        }
        catch (DatasetException e)
        {
            session.Dispose();
            throw new EvaluationException($"filter: {e.Message}");
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Sets the columns each page reads, as <c>name → SQL expression</c> (casts) of the table's columns; a column the
    /// table lacks raises <see cref="EvaluationException"/>.</summary>
    public void Read(Func<IReadOnlyList<TableColumn>, IReadOnlyList<string>> columns) =>
        _select = string.Join(", ", columns(_table.Columns).Prepend(Sql.Identifier(Sql.RowColumn)));

    public Task<long> CountAsync(CancellationToken cancellationToken) => _session.SingleAsync(
        $"SELECT count(*) FROM {_table.Relation} WHERE {_filter.Sql}", r => r.GetInt64(0), cancellationToken, [.. _filter.Parameters]);

    /// <summary>Fills <paramref name="page"/> with the next rows (at most <paramref name="length"/>, at most its capacity); empty
    /// at the end.</summary>
    public async Task<RowPage> NextAsync(RowPage page, int length, CancellationToken cancellationToken)
    {
        var select = _select ?? throw new InvalidOperationException("Read(columns) first.");
        var row = Sql.Identifier(Sql.RowColumn);
        page.Clear();
        await _session.QueryAsync(
            $"SELECT {select} FROM {_table.Relation} WHERE {row} > ? AND ({_filter.Sql}) "
            + $"ORDER BY {row} LIMIT {Math.Min(length, page.Capacity)}",
            r =>
            {
                page.Add(r);
                return true;
            },
            cancellationToken, [_after, .. _filter.Parameters]);
        if (page.Count > 0)
        {
            _after = page.Row(page.Count - 1);
        }

        return page;
    }

    /// <summary>Another connection to the pager's database, usable while a page is read (the predictions are written there:
    /// one DuckDB database per evaluation, one memory limit).</summary>
    public DuckSession Connect() => _session.Connect();

    public void Dispose() => _session.Dispose();
}
