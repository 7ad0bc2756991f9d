using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The rescale chip accepts only round half away from zero, ties and signs included.</summary>
public class RescaleChipTests
{
    private sealed class RescaleCircuit : ICircuit
    {
        private readonly long[] _xs;
        private readonly int _shift;
        private readonly Func<long, int, long>? _rounding;
        private readonly LayerColumns _cols;
        private readonly RescaleChip _chip;

        public RescaleCircuit(long[] xs, int shift, Func<long, int, long>? rounding)
        {
            (_xs, _shift, _rounding) = (xs, shift, rounding);
            var cs = new ConstraintSystem();
            _cols = new LayerColumns(cs);
            _chip = new RescaleChip(cs, _cols);
            ConstraintSystem = cs;
        }

        public ConstraintSystem ConstraintSystem { get; }

        public void Synthesize(CircuitBuilder b)
        {
            _cols.LoadTable(b);
            var xr = b.Region("x", _xs.Length);
            var xs = _xs.Select((x, i) => xr.Assign(_cols.Acc, i, Fr.FromInt64(x))).ToArray();
            var r = b.Region("rescale", _xs.Length);
            for (int i = 0; i < _xs.Length; i++) _chip.Rescale(r, i, xs[i], _xs[i], _shift, _rounding);
        }
    }

    private static long[] Values(int shift)
    {
        long h = 1L << (shift - 1), one = 1L << shift;
        return [0, 1, -1, h, -h, h - 1, -h + 1, h + 1, -h - 1, 3 * h, -3 * h, 5 * one + h, -5 * one - h, 123456789, -123456789, (1L << 47) - 1, -(1L << 47) + 1];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(12)]
    public void HonestRoundingIsAccepted(int shift) =>
        MockProver.Check(new RescaleCircuit(Values(shift), shift, null)).AssertSatisfied();

    public static TheoryData<string> OtherRoundings() => new() { "floor", "toward zero", "half up", "half to even", "half toward zero", "off by one" };

    private static long Other(string rule, long x, int s)
    {
        long one = 1L << s, h = one >> 1;
        long floor = x >> s;
        long rem = x - (floor << s);
        return rule switch
        {
            "floor" => floor,
            "toward zero" => x < 0 && rem != 0 ? floor + 1 : floor,
            "half up" => (x + h) >> s,
            "half to even" => rem > h || rem == h && (floor & 1) == 1 ? floor + 1 : floor,
            "half toward zero" => x >= 0 ? (rem > h ? floor + 1 : floor) : (rem >= h ? floor + 1 : floor),
            _ => FixedPoint.Rescale(x, s) + 1,
        };
    }

    [Theory]
    [MemberData(nameof(OtherRoundings))]
    public void AnyOtherRoundingIsRejectedWhereItDiffers(string rule)
    {
        foreach (int shift in new[] { 1, 5, 12 })
        {
            long[] xs = Values(shift);
            var mock = MockProver.Check(new RescaleCircuit(xs, shift, (v, s) => Other(rule, v, s)));
            // Row i of the rescale region is value i; exactly the rows where the rule differs must fail.
            var differs = Enumerable.Range(0, xs.Length).Where(i => Other(rule, xs[i], shift) != FixedPoint.Rescale(xs[i], shift)).ToHashSet();
            var failing = mock.Failures.Where(f => f.Name.StartsWith("rescale.t") && f.Region!.StartsWith("rescale@")).Select(f => f.Row - xs.Length).ToHashSet();
            Assert.True(differs.Count > 0, $"{rule} s={shift} never differs: the test would prove nothing");
            Assert.True(differs.SetEquals(failing), $"{rule} s={shift}: differs at [{string.Join(",", differs)}], fails at [{string.Join(",", failing)}]: {mock}");
            Assert.Equal(mock.TotalFailures, mock.Failures.Count);
            Assert.All(mock.Failures, f => Assert.StartsWith("rescale.t", f.Name));
        }
    }
}
