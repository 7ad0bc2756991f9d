using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Tests;

/// <summary>The division chip admits exactly one quotient per rounding rule, ties and signs included.</summary>
public class DivChipTests
{
    private sealed class DivCircuit : ICircuit
    {
        private readonly long[] _xs;
        private readonly long _m, _d;
        private readonly DivRounding _rounding;
        private readonly Func<long, long, long>? _claimed;
        private readonly LayerColumns _cols;
        private readonly DivChip _chip;

        public DivCircuit(long[] xs, long m, long d, DivRounding rounding, Func<long, long, long>? claimed = null)
        {
            (_xs, _m, _d, _rounding, _claimed) = (xs, m, d, rounding, claimed);
            var cs = new ConstraintSystem();
            _cols = new LayerColumns(cs);
            _chip = new ChipSet(cs, _cols).Get<DivChip>();
            ConstraintSystem = cs;
        }

        public ConstraintSystem ConstraintSystem { get; }

        public void Synthesize(CircuitBuilder b)
        {
            _cols.LoadTable(b);
            var xr = b.Region("x", _xs.Length);
            var xs = _xs.Select((x, i) => xr.Assign(_cols.Acc, i, Fr.FromInt64(x))).ToArray();
            var r = b.Region("div", DivChip.RowsPerElement * _xs.Length);
            for (int i = 0; i < _xs.Length; i++)
            {
                long x = _xs[i];
                _chip.Divide(r, DivChip.RowsPerElement * i, xs[i], x, _m, _d, _rounding, _claimed is null ? null : y => _claimed(x, y));
            }
        }
    }

    /// <summary>The rule written from its definition with BigInteger, independent of the chip's window offsets.</summary>
    private static long Reference(long x, long m, long d, DivRounding rounding)
    {
        BigInteger n = (BigInteger)m * x;
        BigInteger Floor(BigInteger a, BigInteger b) => BigInteger.Divide(a - (a.Sign < 0 ? b - 1 : 0), b);
        return (long)(rounding switch
        {
            DivRounding.Floor => Floor(n, d),
            DivRounding.TowardZero => BigInteger.Divide(n, d),
            DivRounding.HalfUp => Floor(2 * n + d, 2 * d),
            _ => n.Sign >= 0 ? Floor(2 * n + d, 2 * d) : -Floor(-2 * n + d, 2 * d),
        });
    }

    private static long[] Values(long m, long d)
    {
        long h = d / 2;
        var edges = new List<long> { 0, 1, -1, h, -h, h - 1, -h + 1, h + 1, -h - 1, d, -d, d - 1, -d + 1, 3 * d + h, -3 * d - h, 123456789, -123456789 };
        long max = ((1L << 47) - 1) / Math.Abs(m);
        edges.Add(max);
        edges.Add(-max);
        var rng = new Random((int)(d * 31 + m));
        for (int i = 0; i < 40; i++) edges.Add(rng.NextInt64(-max, max));
        return edges.Where(v => Math.Abs(v) <= max).ToArray();
    }

    public static TheoryData<long, long, DivRounding> Cases()
    {
        var data = new TheoryData<long, long, DivRounding>();
        foreach (var r in Enum.GetValues<DivRounding>())
            foreach (var (m, d) in new[] { (1L, 2L), (1L, 4096L), (1L, 9L), (1L, 1L << 20), (4096L, 8192L), (-4096L, 7L), (-1L, 300L), (1L, (1L << 47) - 1) })
                data.Add(m, d, r);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HonestQuotientIsTheRuleAndIsAccepted(long m, long d, DivRounding rounding)
    {
        long[] xs = Values(m, d);
        foreach (long x in xs) Assert.Equal(Reference(x, m, d, rounding), DivChip.Quotient(x, m, d, rounding));
        MockProver.Check(new DivCircuit(xs, m, d, rounding)).AssertSatisfied();
    }

    [Fact]
    public void HalfAwayFromZeroIsTheExecutorsRounding()
    {
        var rng = new Random(5);
        for (int i = 0; i < 10000; i++)
        {
            long d = rng.NextInt64(1, 1L << rng.Next(1, 40));
            long x = rng.NextInt64(-(1L << 46), 1L << 46);
            Assert.Equal(FixedPoint.RoundDiv(x, d), DivChip.Quotient(x, 1, d, DivRounding.HalfAwayFromZero));
            int s = rng.Next(1, 30);
            Assert.Equal(FixedPoint.Rescale(x, s), DivChip.Quotient(x, 1, 1L << s, DivRounding.HalfAwayFromZero));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryOtherRuleAndOffByOneIsRejectedWhereItDiffers(long m, long d, DivRounding rounding)
    {
        long[] xs = Values(m, d);
        var others = Enum.GetValues<DivRounding>().Where(r => r != rounding)
            .Select(r => (Name: r.ToString(), Rule: (Func<long, long, long>)((x, _) => Reference(x, m, d, r))))
            .Append(("+1", (_, y) => y + 1)).Append(("-1", (_, y) => y - 1));
        foreach (var (name, rule) in others)
        {
            var mock = MockProver.Check(new DivCircuit(xs, m, d, rounding, rule));
            var differs = Enumerable.Range(0, xs.Length).Where(i => rule(xs[i], Reference(xs[i], m, d, rounding)) != Reference(xs[i], m, d, rounding)).ToHashSet();
            var failing = mock.Failures.Where(f => f.Region!.StartsWith("div@")).Select(f => (f.Row - xs.Length) / DivChip.RowsPerElement).ToHashSet();
            Assert.True(differs.SetEquals(failing), $"{rounding} claimed as {name}, m={m} d={d}: differs at [{string.Join(",", differs)}], fails at [{string.Join(",", failing)}]: {mock}");
            if (name.Length == 2) Assert.NotEmpty(differs);
        }
    }
}
