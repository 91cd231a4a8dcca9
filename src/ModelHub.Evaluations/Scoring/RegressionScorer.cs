using ModelHub.Contracts.Evaluations;

namespace ModelHub.Evaluations.Scoring;

/// <summary>Scores one tier's predicted values against the targets: mean absolute and root mean squared error.</summary>
internal sealed class RegressionScorer
{
    private double _absolute;
    private double _squared;
    private long _rows;

    /// <summary>Scores one row; returns its squared error (the row's loss).</summary>
    public double Add(double prediction, double target)
    {
        var error = prediction - target;
        _absolute += Math.Abs(error);
        _squared += error * error;
        _rows++;
        return error * error;
    }

    public TierResult Result(string tier, bool reference, double latencyMs) => new(tier, reference, _rows,
        Mae: _rows == 0 ? null : _absolute / _rows,
        Rmse: _rows == 0 ? null : Math.Sqrt(_squared / _rows),
        MeanLoss: _rows == 0 ? null : _squared / _rows,
        LatencyMsPerExample: latencyMs);
}
