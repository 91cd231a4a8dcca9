using ModelHub.Evaluations.Suspects;

namespace ModelHub.Evaluations.Tests;

public sealed class ConfidentLearningTests
{
    [Fact]
    public void Thresholds_are_the_average_self_confidence_and_a_row_is_suspect_only_when_another_class_reaches_its_own()
    {
        var learning = new ConfidentLearning(3);
        learning.Observe(0, [0.9, 0.05, 0.05]);
        learning.Observe(0, [0.7, 0.2, 0.1]);
        learning.Observe(1, [0.1, 0.8, 0.1]);

        Assert.Equal([0.8, 0.8, double.PositiveInfinity], learning.Thresholds.Select(t => Math.Round(t, 6)));
        // Labelled 0, but class 1 reaches its threshold (0.85 ≥ 0.8) while class 0 stays below its own.
        Assert.Equal((1, 0.85), learning.Judge(0, [0.1, 0.85, 0.05]));
        // Class 1 is probable, but not as probable as the model usually is about class 1: not suspect.
        Assert.Null(learning.Judge(0, [0.25, 0.7, 0.05]));
        // The given label is at its threshold: plausible.
        Assert.Null(learning.Judge(1, [0.1, 0.8, 0.1]));
        // Class 2 has no labelled rows, so it is never suggested.
        Assert.Null(learning.Judge(0, [0.0, 0.0, 1.0]));
    }
}
