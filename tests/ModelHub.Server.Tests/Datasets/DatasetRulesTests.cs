using ModelHub.Server.Datasets;

namespace ModelHub.Server.Tests.Datasets;

public sealed class DatasetRulesTests
{
    [Theory]
    [InlineData("3", "4")]
    [InlineData("1.2.0", "1.2.1")]
    [InlineData("v7-rc", "v8-rc")]
    [InlineData("2026-11-22", "2026-11-23")]
    [InlineData("main", "main.1")]
    public void A_commit_version_defaults_to_the_parent_plus_one(string parent, string next) =>
        Assert.Equal(next, VersionNames.Next(parent, new HashSet<string>()));

    [Fact]
    public void A_default_version_skips_names_already_taken() =>
        Assert.Equal("6", VersionNames.Next("3", new HashSet<string> { "4", "5" }));

    [Theory]
    [InlineData("1...2", "1", "2")]
    [InlineData("1.0.0...1.1.0", "1.0.0", "1.1.0")]
    [InlineData("v1-rc...main", "v1-rc", "main")]
    public void A_compare_spec_names_base_and_head(string spec, string @base, string head) =>
        Assert.Equal((@base, head), CompareService.Parse(spec));

    [Theory]
    [InlineData("1..2")]
    [InlineData("...2")]
    [InlineData("1...")]
    [InlineData("1...2/3")]
    public void A_compare_spec_that_is_not_two_versions_is_refused(string spec) => Assert.Null(CompareService.Parse(spec));

    [Theory]
    [InlineData("train.csv", "train", "train.parquet")]
    [InlineData("data/Train.CSV.gz", "data/Train", "data/Train.parquet")]
    [InlineData("x.jsonl", "x", "x.parquet")]
    [InlineData("x.parquet", "x", "x.parquet")]
    public void An_edited_table_is_written_as_parquet_under_its_stem(string path, string stem, string committed)
    {
        Assert.Equal(stem, TableFiles.Stem(path));
        Assert.Equal(committed, TableFiles.CommittedPath(path));
    }

    [Theory]
    [InlineData("./images/1.png", "images/1.png")]
    [InlineData("/images/1.png", "images/1.png")]
    [InlineData(".//images/1.png", "images/1.png")]
    [InlineData("images/a b#.png", "images/a b#.png")]
    public void Cell_paths_resolve_like_the_engine_resolves_them(string value, string path) =>
        Assert.Equal(path, MediaLinks.Normalise(value));

    [Fact]
    public void Media_urls_escape_each_segment() => Assert.Equal("images/a%20b%23.png", MediaLinks.Escape("images/a b#.png"));

    [Fact]
    public void The_fingerprint_depends_on_the_set_of_paths_only() =>
        Assert.Equal(TableFiles.Fingerprint(["b", "a"]), TableFiles.Fingerprint(["a", "b"]));
}
