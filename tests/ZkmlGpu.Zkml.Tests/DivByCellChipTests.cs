using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>Division by a divisor in a cell: one quotient per (x, d), half away from zero, and no divisor below 1.</summary>
public class DivByCellChipTests
{
    private sealed class Circuit : ICircuit
    {
        private readonly long[] _xs;
        private readonly long _m, _d;
        private readonly Func<long, long, long>? _claimed;
        private readonly LayerColumns _cols;
        private readonly DivByCellChip _chip;

        public Circuit(long[] xs, long m, long d, Func<long, long, long>? claimed = null)
        {
            (_xs, _m, _d, _claimed) = (xs, m, d, claimed);
            var cs = new ConstraintSystem();
            _cols = new LayerColumns(cs);
            _chip = new ChipSet(cs, _cols).Get<DivByCellChip>();
            ConstraintSystem = cs;
        }

        public ConstraintSystem ConstraintSystem { get; }

        public void Synthesize(CircuitBuilder b)
        {
            _cols.LoadTable(b);
            var xr = b.Region("x", _xs.Length + 1);
            var xs = _xs.Select((x, i) => xr.Assign(_cols.Acc, i, Fr.FromInt64(x))).ToArray();
            var dc = xr.Assign(_cols.Acc, _xs.Length, Fr.FromInt64(_d));
            var r = b.Region("div", DivByCellChip.DivisorRows + DivByCellChip.RowsPerElement * _xs.Length);
            var d = _chip.ProveDivisor(r, 0, dc, _d);
            for (int i = 0; i < _xs.Length; i++)
            {
                long x = _xs[i];
                _chip.Divide(r, 1 + DivByCellChip.RowsPerElement * i, xs[i], x, _m, d, _claimed is null ? null : y => _claimed(x, y));
            }
        }
    }

    private static long Reference(long x, long m, long d)
    {
        BigInteger n = (BigInteger)m * x;
        BigInteger Floor(BigInteger a, BigInteger b) => BigInteger.Divide(a - (a.Sign < 0 ? b - 1 : 0), b);
        return (long)(n.Sign >= 0 ? Floor(2 * n + d, 2 * d) : -Floor(-2 * n + d, 2 * d));
    }

    private static long[] Values(long m, long d)
    {
        long h = d / 2;
        long max = ((1L << 47) - 1) / m;
        var v = new List<long> { 0, 1, -1, h, -h, h - 1, -h + 1, h + 1, -h - 1, d, -d, d - 1, -d + 1, 3 * d + h, -3 * d - h, max, -max };
        var rng = new Random((int)(d * 31 + m));
        for (int i = 0; i < 20; i++) v.Add(rng.NextInt64(-max, max));
        return v.Where(x => Math.Abs(x) <= max).ToArray();
    }

    [Theory]
    [InlineData(1L, 1L)]
    [InlineData(1L, 2L)]
    [InlineData(1L, 7L)]
    [InlineData(4096L, 4096L)]
    [InlineData(4096L, 12289L)]
    [InlineData(1L, (1L << 46) + 3)]
    public void HonestQuotientIsAcceptedAndEveryOtherRejected(long m, long d)
    {
        var xs = Values(m, d);
        var honest = new Circuit(xs, m, d);
        MockProver.Check(honest).AssertSatisfied();
        foreach (long x in xs) Assert.Equal(Reference(x, m, d), ZkmlGpu.Zkml.Quantization.FixedPoint.RoundDiv(m * x, d));
        // Off by one either way, and the other rounding rules where they differ, for one element at a time.
        foreach (long delta in new[] { 1L, -1L })
            for (int i = 0; i < xs.Length; i += 5)
            {
                long target = xs[i];
                var mock = MockProver.Check(new Circuit(xs, m, d, (x, y) => x == target ? y + delta : y));
                Assert.Contains(mock.Failures, f => f.Region!.StartsWith("div@") && (f.Name.StartsWith("divcell") || f.Name.StartsWith("sign")));
            }
        var floor = MockProver.Check(new Circuit(xs, m, d, (x, y) => (long)BigInteger.Divide((BigInteger)m * x - (x < 0 ? d - 1 : 0), d)));
        bool differs = xs.Any(x => (long)BigInteger.Divide((BigInteger)m * x - (x < 0 ? d - 1 : 0), d) != Reference(x, m, d));
        Assert.Equal(differs, !floor.IsSatisfied);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(-7L)]
    public void ADivisorBelowOneIsRejected(long d)
    {
        var mock = MockProver.Check(new Circuit([5, -3, 0], 1, d));
        Assert.False(mock.IsSatisfied);
        Assert.Contains(mock.Failures, f => f.Name.StartsWith("divisor") && f.Region!.StartsWith("div@"));
    }
}
