using System.Text;
using SkiaSharp;

namespace ModelHub.Server.Tests.Datasets;

/// <summary>Small datasets made in code: a labelled CSV naming images of the version, the images, a broken CSV.</summary>
public static class DatasetSeed
{
    public const string Labels = "id,label,score,image\n1,cat,0.9,images/1.png\n2,dog,0.8,images/2.png\n3,cat,0.7,images/3.png\n"
        + "4,bird,0.6,images/missing.png\n5,dog,0.5,./images/2.png\n";

    public static byte[] Png(int width, int height, byte shade)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(shade, 100, 200));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Creates dataset <paramref name="repo"/> with version <paramref name="version"/> holding the files; its jobs are
    /// left for the test to run (<see cref="DatasetJobs.RunAsync"/>).</summary>
    public static async Task PushAsync(
        ServerFixture server, string repo, string version, bool isPrivate, params (string Path, byte[] Bytes)[] files)
    {
        await DatasetJobs.TakeOverAsync(server);
        var admin = server.Admin;
        var parts = repo.Split('/');
        using (var exists = await admin.GetAsync($"/v1/datasets/{repo}"))
        {
            if (exists.StatusCode == HttpStatusCode.NotFound)
            {
                await admin.CreateRepositoryAsync(parts[0], parts[1], "datasets", isPrivate);
            }
        }

        using (var existing = await admin.GetAsync($"/v1/datasets/{repo}/versions/{version}"))
        {
            if (existing.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }

        foreach (var file in files)
        {
            await admin.PutBlobAsync(file.Bytes);
        }

        using var response = await admin.PostAsJsonAsync($"/v1/datasets/{repo}/versions", new
        {
            version,
            files = files.Select(f => new { path = f.Path, digest = TestData.Digest(f.Bytes), size = f.Bytes.Length }),
        });
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    public static (string, byte[])[] LabelledImages() =>
    [
        ("labels.csv", Encoding.UTF8.GetBytes(Labels)),
        ("images/1.png", Png(640, 480, 10)),
        ("images/2.png", Png(32, 32, 20)),
        ("images/3.png", Png(300, 900, 30)),
    ];
}
