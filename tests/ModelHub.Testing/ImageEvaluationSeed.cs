using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModelHub.Onnx.Protos;
using ModelHub.TestModels;
using SkiaSharp;
using DataType = ModelHub.Onnx.Protos.TensorProto.Types.DataType;

namespace ModelHub.Testing;

/// <summary>
/// An image dataset whose class is each image's dominant colour, with a known set of labels flipped to the next colour,
/// and a model built in code that reads that colour (its logits are the mean of each channel), as in the engine tests:
/// an evaluation suspects exactly the flipped rows and suggests their true colour. The dataset version is <c>1</c>
/// (<c>labels.csv</c>: id, image, label; <c>images/{id}.png</c>, thumbnails made), the model version <c>1.0.0</c>.
/// </summary>
public static class ImageEvaluationSeed
{
    public const string Table = "labels.csv";
    public const int Rows = 24;
    public static readonly string[] Colours = ["red", "green", "blue"];

    /// <summary>Rows (by id, which is also the row index) labelled with the next colour instead of their own.</summary>
    public static readonly IReadOnlySet<long> Flipped = new HashSet<long> { 1, 6, 11, 16 };

    public static string Colour(long id) => Colours[id % Colours.Length];

    public static string Label(long id) => Flipped.Contains(id) ? Colours[(id + 1) % Colours.Length] : Colour(id);

    /// <summary>Pushes both (each once per server) and runs the dataset jobs (index and thumbnails).</summary>
    public static async Task SeedAsync(ServerFixture server, string dataset, string model)
    {
        await DatasetJobs.TakeOverAsync(server);
        await EvaluationJobs.TakeOverAsync(server);
        var admin = server.Admin;
        if (!await SeedSteps.ExistsAsync(admin, $"/v1/datasets/{dataset}/versions/1"))
        {
            await SeedSteps.CreateAsync(admin, "datasets", dataset);
            var csv = new StringBuilder("id,image,label\n");
            var files = new List<(string Path, byte[] Bytes)>();
            for (var id = 0; id < Rows; id++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{id},images/{id}.png,{Label(id)}\n");
                files.Add(($"images/{id}.png", Png(id)));
            }

            files.Add((Table, Encoding.UTF8.GetBytes(csv.ToString())));
            foreach (var file in files)
            {
                await admin.PutBlobAsync(file.Bytes);
            }

            using var response = await admin.PostAsJsonAsync($"/v1/datasets/{dataset}/versions", new
            {
                version = "1",
                files = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
            });
            await response.ExpectAsync(HttpStatusCode.Created);
        }

        await DatasetJobs.RunAsync(server);
        if (!await SeedSteps.ExistsAsync(admin, $"/v1/models/{model}/versions/1.0.0"))
        {
            await PushModelAsync(admin, model);
        }
    }

    /// <summary>The evaluation spec for this data, as the API takes it; <paramref name="filter"/> picks rows.</summary>
    public static object Spec(string dataset, string? filter = null) => new
    {
        dataset = $"{dataset}@1",
        table = Table,
        filter,
        key = "id",
        inputs = new[] { new { image = new { column = "image", height = 8, width = 8, layout = "nchw", scale = 10.0 / 255 } } },
        output = new { task = "classification", scores = "logits", classes = Colours, label = "label" },
    };

    /// <summary>Starts an evaluation of the model on the dataset, runs it and returns its id.</summary>
    public static async Task<long> EvaluateAsync(ServerFixture server, string model, object spec)
    {
        using var response = await server.Admin.PostAsJsonAsync($"/v1/models/{model}/versions/1.0.0/evaluations", spec);
        await response.ExpectAsync(HttpStatusCode.Accepted);
        var id = (await response.JsonAsync()).GetProperty("id").GetInt64();
        await EvaluationJobs.RunAsync(server);
        var evaluation = await (await server.Admin.GetAsync($"/v1/models/{model}/versions/1.0.0/evaluations/{id}")).JsonAsync();
        if (evaluation.GetProperty("state").GetString() != "succeeded")
        {
            throw new InvalidOperationException($"Evaluation {id} did not succeed: {evaluation}");
        }

        return id;
    }

    /// <summary>A flat image of the row's colour; sizes differ so each thumbnail is its own.</summary>
    private static byte[] Png(long id)
    {
        var channel = (int)(id % Colours.Length);
        using var bitmap = new SKBitmap(16 + (int)id, 12 + (int)(id % 5));
        bitmap.Erase(new SKColor((byte)(channel == 0 ? 220 : 10), (byte)(channel == 1 ? 220 : 10), (byte)(channel == 2 ? 220 : 10)));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task PushModelAsync(HttpClient admin, string model)
    {
        await SeedSteps.CreateAsync(admin, "models", model);
        var axes = new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints };
        axes.Ints.AddRange([2L, 3L]);
        var bytes = new GraphBuilder("colour").Input("image", DataType.Float, "batch", 3, 8, 8).Output("logits", DataType.Float, "batch", 3)
            .Node("ReduceMean", ["image"], ["logits"], axes, GraphBuilder.Attribute("keepdims", 0)).Bytes();
        await admin.PutBlobAsync(bytes);
        using var created = await admin.PostAsJsonAsync($"/v1/models/{model}/versions", new
        {
            version = "1.0.0",
            files = new[] { new { path = "colour.onnx", digest = TestData.Digest(bytes), size = bytes.Length } },
            variants = new[] { new { name = "fp32", file = "colour.onnx", reference = true } },
        });
        await created.ExpectAsync(HttpStatusCode.Accepted);
        await SeedSteps.WaitValidatedAsync(admin, model, "1.0.0");
    }
}
