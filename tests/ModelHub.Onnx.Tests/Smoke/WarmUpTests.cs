using ModelHub.Onnx.Smoke;

namespace ModelHub.Onnx.Tests.Smoke;

/// <summary>A worker killed while it warms up must not leave its 4 MB model file in the temp folder for good.</summary>
public sealed class WarmUpTests
{
    [Fact]
    public void Warm_up_sweeps_the_files_of_dead_workers_and_keeps_those_of_live_ones()
    {
        var temp = Path.GetTempPath();
        // No process has id int.MaxValue; this test's own process is alive; the old format carried no process id.
        var dead = Path.Combine(temp, $"modelhub-warm-up-{int.MaxValue}-{Guid.NewGuid():N}.onnx");
        var live = Path.Combine(temp, $"modelhub-warm-up-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        var old = Path.Combine(temp, $"modelhub-warm-up-{Guid.NewGuid():N}.onnx");
        foreach (var file in (string[])[dead, live, old])
        {
            File.WriteAllBytes(file, [1, 2, 3]);
        }

        try
        {
            WarmUp.Run();

            Assert.False(File.Exists(dead));
            Assert.False(File.Exists(old));
            Assert.True(File.Exists(live));
            // And the warm-up leaves no file of its own.
            Assert.Equal([live], Directory.GetFiles(temp, $"modelhub-warm-up-{Environment.ProcessId}-*.onnx"));
        }
        finally
        {
            File.Delete(live);
        }
    }
}
