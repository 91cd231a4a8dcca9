using ModelHub.Contracts.Datasets;
using ModelHub.Datasets.Commits;
using ModelHub.Datasets.Comparison;
using ModelHub.Datasets.Errors;

namespace ModelHub.Datasets.Tests.Comparison;

public sealed class CompareTests : IDisposable
{
    private const int Rows = 2000;
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;
    private readonly string _base;
    private readonly string _head;

    public CompareTests()
    {
        _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch"), RowGroupSize = 512 });
        _base = _folder.File("base.parquet");
        _head = _folder.File("head.parquet");
        _engine.IndexAsync(new GeneratedTable(Rows).Write(_folder.Path, ".jsonl"), _base).GetAwaiter().GetResult();
        var edits = _folder.File("edits.csv");
        // 5 bird→cat, 6 cat→dog (and its text), 9 unchanged, 2000 and 2001 new; 3 and 1500 removed.
        File.WriteAllLines(edits, ["id,label,text", "5,cat,item 5", "6,dog,changed", "9,cat,item 9", "2000,cat,new", "2001,eel,new"]);
        _engine.ApplyAsync(new TableCommit(_base, "id", edits, ["3", "1500"], _head)).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Keyed_compare_counts_and_pages_changes_in_base_order_then_added()
    {
        var diff = await _engine.CompareAsync(new TableCompareRequest(_base, _head, "id"));

        Assert.Equal(
            ("id", 2000L, 2000L, 2L, 2L, 2L),
            (diff.KeyColumn, diff.BaseRowCount, diff.HeadRowCount, diff.RowsAdded, diff.RowsRemoved, diff.RowsChanged));
        Assert.Equal(
            [("removed", 3L), ("changed", 5L), ("changed", 6L), ("removed", 1500L), ("added", 2000L), ("added", 2001L)],
            diff.Changes.Select(c => (c.Kind, c.Key!.GetValue<long>())));
        var six = diff.Changes[2];
        Assert.Equal((6L, 5L), (six.BaseRowIndex, six.HeadRowIndex));
        Assert.Equal(
            [("label", "cat", "dog"), ("text", "item 6", "changed")],
            six.Cells.Select(c => (c.Column, c.Before!.GetValue<string>(), c.After!.GetValue<string>())));
        Assert.Equal("item 3", diff.Changes[0].Values!["text"]!.GetValue<string>());
        Assert.Equal("eel", diff.Changes[5].Values!["label"]!.GetValue<string>());
        Assert.Null(diff.Changes[5].Values!["score"]);
    }

    [Fact]
    public async Task Pages_and_kind_filter_select_within_the_changes()
    {
        var page = await _engine.CompareAsync(new TableCompareRequest(_base, _head, "id", Offset: 2, Length: 3));
        var changed = await _engine.CompareAsync(new TableCompareRequest(_base, _head, "id", Kind: RowChangeKinds.Changed));

        Assert.Equal([6L, 1500L, 2000L], page.Changes.Select(c => c.Key!.GetValue<long>()));
        Assert.Equal(2, page.Offset);
        Assert.Equal([5L, 6L], changed.Changes.Select(c => c.Key!.GetValue<long>()));
        Assert.Equal(2, changed.RowsAdded);
    }

    [Fact]
    public async Task The_label_distribution_change_is_detected_by_name()
    {
        var diff = await _engine.CompareAsync(new TableCompareRequest(_base, _head, "id"));

        var labels = diff.Labels!.Values.ToDictionary(v => v.Value!.GetValue<string>(), v => (v.Before, v.After));
        Assert.Equal("label", diff.Labels.Column);
        var before = Enumerable.Range(0, Rows).GroupBy(GeneratedTable.Label).ToDictionary(g => g.Key, g => (long)g.Count());
        // cat: +1 (5), -1 (6), +1 (2000), -1 (3 and 1500 were cats, removed) ; dog: +1 (6); bird: -1 (5).
        Assert.Equal((before["cat"], before["cat"] - 1), labels["cat"]);
        Assert.Equal((before["dog"], before["dog"] + 1), labels["dog"]);
        Assert.Equal((before["bird"], before["bird"] - 1), labels["bird"]);
        Assert.Equal((0L, 1L), labels["eel"]);
    }

    [Fact]
    public async Task Unkeyed_compare_counts_rows_only_in_each_side()
    {
        var diff = await _engine.CompareAsync(new TableCompareRequest(_base, _head));

        // Changed rows count on both sides; unchanged edits (9) are not differences.
        Assert.Equal((4L, 4L, 0L), (diff.RowsAdded, diff.RowsRemoved, diff.RowsChanged));
        Assert.Empty(diff.Changes);
        Assert.Null(diff.KeyColumn);
    }

    [Fact]
    public async Task Compare_with_itself_is_empty_and_columns_added_or_removed_are_listed()
    {
        var same = await _engine.CompareAsync(new TableCompareRequest(_base, _base, "id"));
        Assert.Equal((0L, 0L, 0L), (same.RowsAdded, same.RowsRemoved, same.RowsChanged));

        var other = _folder.File("other.csv");
        await File.WriteAllLinesAsync(other, ["id,label,extra", "0,cat,x", "1,dog,y"]);
        var diff = await _engine.CompareAsync(new TableCompareRequest(_base, other, "id"));
        Assert.Equal(["extra"], diff.ColumnsAdded);
        Assert.Equal(["score", "text", "image", "flag"], diff.ColumnsRemoved);
        Assert.Equal((0L, Rows - 2L, 0L), (diff.RowsAdded, diff.RowsRemoved, diff.RowsChanged));
    }

    [Fact]
    public async Task Bad_compare_requests_are_typed_errors()
    {
        await Assert.ThrowsAsync<UnknownColumnException>(() => _engine.CompareAsync(new TableCompareRequest(_base, _head, "nope")));
        await Assert.ThrowsAsync<UnknownColumnException>(
            () => _engine.CompareAsync(new TableCompareRequest(_base, _head, LabelColumn: "nope")));
        await Assert.ThrowsAsync<KeyException>(() => _engine.CompareAsync(new TableCompareRequest(_base, _head, "label")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _engine.CompareAsync(new TableCompareRequest(_base, _head, "id", Length: 500)));
    }
}
