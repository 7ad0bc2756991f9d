using ZkmlGpu.Field;
using ZkmlGpu.Prover.Polynomials;
using static ZkmlGpu.Prover.Tests.KzgTestHelpers;

namespace ZkmlGpu.Prover.Tests;

public class PolynomialOpsTests
{
    private static Fr NaiveEvaluate(ReadOnlySpan<Fr> p, Fr x)
    {
        Fr sum = Fr.Zero;
        for (int i = 0; i < p.Length; i++) sum += p[i] * x.Pow((ulong)i);
        return sum;
    }

    private static Fr[] NaiveMultiply(ReadOnlySpan<Fr> a, ReadOnlySpan<Fr> b)
    {
        if (a.IsEmpty || b.IsEmpty) return [];
        var r = new Fr[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++) r[i + j] += a[i] * b[j];
        return r;
    }

    [Fact]
    public void EvaluateMatchesNaiveSum()
    {
        var rng = new Random(11);
        foreach (int n in new[] { 0, 1, 2, 3, 17, 64 })
        {
            for (int t = 0; t < 10; t++)
            {
                var p = RandomPoly(rng, n);
                Fr x = t == 0 ? Fr.Zero : t == 1 ? Fr.One : Fr.Random(rng);
                Assert.Equal(NaiveEvaluate(p, x), PolynomialOps.Evaluate(p, x));
            }
        }
    }

    [Fact]
    public void EvaluateParallelMatchesSerialOnLargePolynomials()
    {
        var rng = new Random(12);
        foreach (int n in new[] { 5, 1 << 14, (1 << 15) + 3 })
        {
            var p = RandomPoly(rng, n);
            Fr x = Fr.Random(rng);
            Assert.Equal(PolynomialOps.Evaluate(p, x), PolynomialOps.EvaluateParallel(p, x));
        }
    }

    [Fact]
    public void DivideByLinearReconstructsThePolynomial()
    {
        var rng = new Random(13);
        foreach (int n in new[] { 1, 2, 3, 10, 100 })
        {
            for (int t = 0; t < 5; t++)
            {
                var p = RandomPoly(rng, n);
                Fr z = t == 0 ? Fr.Zero : Fr.Random(rng);
                var q = PolynomialOps.DivideByLinear(p, z, out Fr r);
                Assert.Equal(n - 1, q.Length);
                Assert.Equal(NaiveEvaluate(p, z), r);
                // q·(X − z) + r = p
                var back = NaiveMultiply(q, [-z, Fr.One]);
                if (back.Length == 0) back = new Fr[1];
                back[0] += r;
                Assert.Equal(p, back);
            }
        }
    }

    [Fact]
    public void DivideByLinearOfARootHasZeroRemainder()
    {
        var rng = new Random(14);
        var q = RandomPoly(rng, 20);
        Fr z = Fr.Random(rng);
        var p = NaiveMultiply(q, [-z, Fr.One]);
        var quotient = PolynomialOps.DivideByLinear(p, z, out Fr r);
        Assert.True(r.IsZero);
        Assert.Equal(q, quotient);
    }

    [Fact]
    public void DivideByLinearRejectsBadQuotientBuffers()
    {
        var p = new Fr[] { Fr.One, Fr.One, Fr.One };
        Assert.Throws<ArgumentException>(() => PolynomialOps.DivideByLinear(p, Fr.One, new Fr[3]));
        Assert.Throws<ArgumentException>(() => PolynomialOps.DivideByLinear(p, Fr.One, p.AsSpan(1, 2)));
        Assert.Throws<ArgumentException>(() => PolynomialOps.DivideByLinear([], Fr.One, new Fr[1]));
        Assert.Equal(Fr.Zero, PolynomialOps.DivideByLinear([], Fr.One, Span<Fr>.Empty));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void AddScaledOnTheLanesMatchesTheScalarPath(int width)
    {
        if (width > ZkmlGpu.Field.Simd.SimdWidth.Supported) return;
        var rng = new Random(width);
        foreach (int n in new[] { 1, 7, 513, 20_000 })
        {
            var a = Enumerable.Range(0, n + 3).Select(_ => Fr.Random(rng)).ToArray();
            var b = Enumerable.Range(0, n).Select(_ => Fr.Random(rng)).ToArray();
            // Edge values: 0, 1, p − 1 and the largest representations on both sides.
            a[0] = -Fr.One; b[0] = -Fr.One;
            if (n > 2) { a[1] = Fr.Zero; b[1] = Fr.One; a[2] = Fr.One; b[2] = Fr.Zero; }
            foreach (var c in new[] { Fr.Random(rng), Fr.Zero, Fr.One, -Fr.One })
            {
                var scalar = (Fr[])a.Clone();
                var lanes = (Fr[])a.Clone();
                using (ZkmlGpu.Field.Simd.SimdWidth.Override(1)) PolynomialOps.AddScaled(scalar, b, c);
                using (ZkmlGpu.Field.Simd.SimdWidth.Override(width)) PolynomialOps.AddScaled(lanes, b, c);
                Assert.Equal(scalar, lanes);
                Assert.Equal(a[^1], lanes[^1]); // beyond b: untouched
            }
        }
    }

    [Fact]
    public void AddScaledScaleAndLinearCombinationMatchElementwise()
    {
        var rng = new Random(15);
        foreach (int n in new[] { 0, 7, (1 << 14) + 5 })
        {
            var a = RandomPoly(rng, n + 3);
            var b = RandomPoly(rng, n);
            Fr c = Fr.Random(rng);
            var expected = a.ToArray();
            for (int i = 0; i < n; i++) expected[i] = a[i] + c * b[i];
            PolynomialOps.AddScaled(a, b, c);
            Assert.Equal(expected, a);

            for (int i = 0; i < a.Length; i++) expected[i] = a[i] * c;
            PolynomialOps.Scale(a, c);
            Assert.Equal(expected, a);
        }
        Assert.Throws<ArgumentException>(() => PolynomialOps.AddScaled(new Fr[2], new Fr[3], Fr.One));

        var polys = new ReadOnlyMemory<Fr>[] { RandomPoly(rng, 5), RandomPoly(rng, 9), RandomPoly(rng, 1) };
        Fr g = Fr.Random(rng), x = Fr.Random(rng);
        var combined = PolynomialOps.LinearCombination(polys, g);
        Assert.Equal(9, combined.Length);
        Fr expectedValue = NaiveEvaluate(polys[0].Span, x) + g * NaiveEvaluate(polys[1].Span, x) + g * g * NaiveEvaluate(polys[2].Span, x);
        Assert.Equal(expectedValue, PolynomialOps.Evaluate(combined, x));
    }

    [Fact]
    public void DegreeAndTrimIgnoreTrailingZeros()
    {
        Assert.Equal(-1, PolynomialOps.Degree([]));
        Assert.Equal(-1, PolynomialOps.Degree([Fr.Zero, Fr.Zero]));
        Assert.Equal(0, PolynomialOps.Degree([Fr.One, Fr.Zero]));
        Assert.Equal(2, PolynomialOps.Degree([Fr.Zero, Fr.Zero, Fr.One, Fr.Zero, Fr.Zero]));
        Assert.Equal(3, PolynomialOps.Trim([Fr.One, Fr.Zero, Fr.One, Fr.Zero]).Length);
        Assert.Equal(0, PolynomialOps.Trim(new ReadOnlyMemory<Fr>([Fr.Zero])).Length);
    }
}
