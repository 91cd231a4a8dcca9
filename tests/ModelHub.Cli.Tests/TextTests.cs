using System.Text.Json;

namespace ModelHub.Cli.Tests;

public sealed class TextTests
{
    [Theory]
    [InlineData("2026-11-22T10:15:30+00:00")]
    [InlineData("2026-11-22T10:15:30.5+00:00")]
    [InlineData("2026-11-22T10:15:30.1234567+02:00")]
    [InlineData("2026-11-22T10:15:30.0001-05:30")]
    public void Timestamps_print_as_the_api_writes_them(string json)
    {
        var value = JsonSerializer.Deserialize<DateTimeOffset>($"\"{json}\"");

        Assert.Equal(json, Text.Timestamp(value));
        Assert.Equal($"\"{json}\"", JsonSerializer.Serialize(value));
    }
}
