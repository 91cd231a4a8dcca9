using ModelHub.Datasets.Commits;
using ModelHub.Datasets.Errors;
using ModelHub.Datasets.Rows;

namespace ModelHub.Datasets.Tests.Commits;

public sealed class CommitTests : IDisposable
{
    private const int Rows = 3000;
    private readonly TempFolder _folder = new();
    private readonly TableEngine _engine;
    private readonly string _parent;

    public CommitTests()
    {
        _engine = new TableEngine(new TableEngineOptions { ScratchDirectory = _folder.File("scratch"), RowGroupSize = 1024 });
        _parent = _folder.File("parent.parquet");
        _engine.IndexAsync(new GeneratedTable(Rows).Write(_folder.Path, ".csv"), _parent).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _engine.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Label_edits_new_rows_and_deletes_give_the_new_table_and_its_summary()
    {
        var edits = Edits("edits.csv", "id,label", "5,cat", "6,dog", "7,bird", "3000,fish", "3001,eel");

        var summary = await _engine.ApplyAsync(new TableCommit(_parent, "id", edits, ["10", "11"], Output));

        // Row 5 was bird, 6 cat, 7 dog: all three change; 3000 and 3001 are new; 10 and 11 go.
        Assert.Equal(new(2, 2, 3, Rows), summary);
        var all = await AllRowsAsync();
        var ids = Enumerable.Range(0, Rows).Where(i => i is not 10 and not 11).Append(3000).Append(3001).Select(i => (long)i);
        Assert.Equal(ids, all.Select(r => r.Id));
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), all.Select(r => r.Index));
        Assert.Equal(["cat", "dog", "bird"], all.Skip(5).Take(3).Select(r => r.Label));
        Assert.Equal(GeneratedTable.Text(6), all[6].Text);
        Assert.Equal(("fish", (string?)null), (all[^2].Label, all[^2].Text));
        Assert.Equal(GeneratedTable.Label(12), all[10].Label);
    }

    [Fact]
    public async Task An_edit_that_sets_the_same_value_is_not_a_change_and_jsonl_edits_work()
    {
        var edits = Edits("edits.jsonl", """{"id":4,"label":"dog","score":0.4}""", """{"id":8,"label":"cat","score":null}""");

        var summary = await _engine.ApplyAsync(new TableCommit(_parent, "id", edits, null, Output));

        // Row 4 is dog with score 0.4 already; row 8 was bird with a score.
        Assert.Equal(new(0, 0, 1, Rows), summary);
        var row8 = (await _engine.RowsAsync(Output, new RowsRequest(8, 1))).Rows[0].Values;
        Assert.Equal(("cat", null), (row8["label"]!.GetValue<string>(), row8["score"]));
    }

    [Fact]
    public async Task A_key_column_with_duplicates_is_refused_with_examples()
    {
        var duplicated = _folder.File("dup.csv");
        await File.WriteAllLinesAsync(duplicated, ["id,label", "1,a", "2,b", "1,c"]);

        var error = await Assert.ThrowsAsync<KeyException>(
            () => _engine.ApplyAsync(new TableCommit(duplicated, "id", null, ["2"], Output)));

        Assert.Equal(DatasetErrorCodes.DuplicateKey, error.Code);
        Assert.Equal(["1"], error.Examples);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Edits_naming_a_key_twice_are_refused()
    {
        var edits = Edits("edits.csv", "id,label", "5,cat", "6,dog", "5,bird");

        var error = await Assert.ThrowsAsync<KeyException>(() => _engine.ApplyAsync(new TableCommit(_parent, "id", edits, null, Output)));

        Assert.Equal((DatasetErrorCodes.DuplicateKey, "5"), (error.Code, error.Examples.Single()));
    }

    [Fact]
    public async Task Deleting_a_missing_key_is_refused_with_examples()
    {
        var error = await Assert.ThrowsAsync<KeyException>(
            () => _engine.ApplyAsync(new TableCommit(_parent, "id", null, ["1", "99999", "2"], Output)));

        Assert.Equal((DatasetErrorCodes.KeyNotFound, "99999"), (error.Code, error.Examples.Single()));
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task An_edit_column_the_table_lacks_is_refused_naming_it()
    {
        var edits = Edits("edits.csv", "id,colour", "5,red");

        var error = await Assert.ThrowsAsync<EditInvalidException>(
            () => _engine.ApplyAsync(new TableCommit(_parent, "id", edits, null, Output)));

        Assert.Equal("colour", error.Column);
        Assert.Contains("id, label, score", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_cast_is_refused_naming_column_and_row()
    {
        var edits = Edits("edits.csv", "id,score,flag", "5,1.5,true", "6,2.5,maybe", "7,lots,false");

        var error = await Assert.ThrowsAsync<EditInvalidException>(
            () => _engine.ApplyAsync(new TableCommit(_parent, "id", edits, null, Output)));

        Assert.Equal(("flag", 2L), (error.Column, error.Row));
        Assert.Contains("'maybe'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_edit_mistakes_are_typed_errors()
    {
        await Assert.ThrowsAsync<UnknownColumnException>(() => _engine.ApplyAsync(new TableCommit(_parent, "nope", null, ["1"], Output)));
        var noKey = Edits("nokey.csv", "label", "cat");
        Assert.Equal("id", (await Assert.ThrowsAsync<EditInvalidException>(
            () => _engine.ApplyAsync(new TableCommit(_parent, "id", noKey, null, Output)))).Column);
        var both = Edits("both.csv", "id,label", "5,cat");
        await Assert.ThrowsAsync<EditInvalidException>(() => _engine.ApplyAsync(new TableCommit(_parent, "id", both, ["5"], Output)));
        await Assert.ThrowsAsync<EditInvalidException>(() => _engine.ApplyAsync(new TableCommit(_parent, "id", null, ["five"], Output)));
        var broken = Edits("broken.jsonl", "{\"id\":5", "x");
        await Assert.ThrowsAsync<EditInvalidException>(() => _engine.ApplyAsync(new TableCommit(_parent, "id", broken, null, Output)));
        var nullKey = Edits("nullkey.csv", "id,label", "5,cat", ",dog");
        Assert.Equal(2L, (await Assert.ThrowsAsync<EditInvalidException>(
            () => _engine.ApplyAsync(new TableCommit(_parent, "id", nullKey, null, Output)))).Row);
        Assert.False(File.Exists(Output));
    }

    [Fact]
    public async Task Columns_named_like_the_engines_own_work_columns_do_not_collide()
    {
        var parent = Edits("odd.csv", "id,ord,r0,edit_row,label", "1,10,a,x,cat", "2,20,b,y,dog");
        var edits = Edits("edits.csv", "id,ord,label", "2,21,cow", "3,30,eel");

        var summary = await _engine.ApplyAsync(new TableCommit(parent, "id", edits, ["1"], Output));

        Assert.Equal(new(1, 1, 1, 2), summary);
        var rows = (await _engine.RowsAsync(Output, new RowsRequest(0, 10))).Rows;
        Assert.Equal(
            [
                """{"id":2,"ord":21,"r0":"b","edit_row":"y","label":"cow"}""",
                """{"id":3,"ord":30,"r0":null,"edit_row":null,"label":"eel"}""",
            ],
            rows.Select(r => r.Values.ToJsonString()));
    }

    private string Output => _folder.File("committed.parquet");

    private string Edits(string name, params string[] lines)
    {
        var path = _folder.File(name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<List<(long Index, long Id, string? Label, string? Text)>> AllRowsAsync()
    {
        var rows = new List<(long, long, string?, string?)>();
        for (long offset = 0; ; offset += RowsRequest.MaxLength)
        {
            var page = await _engine.RowsAsync(Output, new RowsRequest(offset, RowsRequest.MaxLength));
            if (page.Rows.Count == 0)
            {
                return rows;
            }

            rows.AddRange(page.Rows.Select(r => (r.RowIndex, r.Values["id"]!.GetValue<long>(),
                r.Values["label"]?.GetValue<string>(), r.Values["text"]?.GetValue<string>())));
        }
    }
}
