using ModelHub.Onnx.Samples;

namespace ModelHub.Onnx.Smoke;

/// <summary>
/// The values of one input at one input set, produced in order. Integers travel as longs so that sample token ids
/// and the like reach the tensor exactly; everything else as doubles, converted to the input's element type.
/// </summary>
internal abstract class ValueSource
{
    public abstract double Next();

    public virtual long NextInteger() => (long)Math.Floor(Next());

    /// <summary>The next values, a chunk at a time: one call per chunk instead of one per element.</summary>
    public virtual void Fill(Span<double> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Next();
        }
    }

    public void FillIntegers(Span<long> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = NextInteger();
        }
    }

    /// <summary>Uniform in [lo, hi), deterministic for a seed (xorshift64*: the same stream in every process).</summary>
    public sealed class Random(ulong seed, double lo, double hi) : ValueSource
    {
        private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15 : seed;

        public override double Next()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            var unit = ((_state * 0x2545F4914F6CDD1D) >> 11) * (1.0 / (1UL << 53));
            return lo + (unit * (hi - lo));
        }

        public override void Fill(Span<double> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Next();
            }
        }
    }

    /// <summary>Given values, repeated to fill the tensor (a sample rate of 16000).</summary>
    public sealed class Repeated(IReadOnlyList<double> values) : ValueSource
    {
        private int _at;

        public override double Next() => values[_at++ % values.Count];
    }

    /// <summary>
    /// A sample's values; floating-point ones optionally perturbed by noise of a tenth of their spread, which gives
    /// the extra agreement sets different inputs that still look like the sample.
    /// </summary>
    public sealed class Sample(NpyArray sample, Random? noise, double spread) : ValueSource
    {
        private long _at;

        public override double Next()
        {
            var at = _at++;
            var value = sample.Floats?[at] ?? sample.Integers?[at] ?? (sample.Booleans![at] ? 1 : 0);
            return noise is null || sample.Floats is null ? value : value + (0.1 * spread * noise.Next());
        }

        public override long NextInteger()
        {
            var at = _at++;
            return sample.Integers?[at] ?? (sample.Booleans?[at] is true ? 1 : (long)Math.Floor(sample.Floats?[at] ?? 0));
        }
    }
}
