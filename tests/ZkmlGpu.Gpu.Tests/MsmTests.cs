using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using static ZkmlGpu.Gpu.Tests.CurveTestHelpers;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// The CPU backend's MSM beyond the device contract (<see cref="DeviceContractTests"/>): Pippenger sizes and windows,
/// the batch-affine buckets' doubling, cancellation and conflicts.
/// </summary>
public class MsmTests
{
    private static readonly IComputeDevice Device = new CpuDevice();
    private static readonly Fr RMinusOne = -Fr.One;

    private static Fr[] RandomScalars(Random rng, int n)
    {
        var s = new Fr[n];
        for (int i = 0; i < n; i++) s[i] = Fr.Random(rng);
        return s;
    }

    [Theory]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(4103)]
    public void MatchesNaiveSumForRandomInputs(int n)
    {
        var rng = new Random(n);
        var bases = RandomPoints(rng, n);
        var scalars = RandomScalars(rng, n);
        Assert.Equal(NaiveMsm(bases, scalars), Device.Msm(bases, scalars));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(600)]
    public void AllZeroScalarsGiveIdentity(int n)
    {
        var bases = RandomPoints(new Random(2), n);
        Assert.True(Device.Msm(bases, new Fr[n]).IsInfinity);
    }

    [Fact]
    public void MixedEdgeCasesMatchNaiveSum()
    {
        // Zero scalars, r − 1, small scalars, repeated points, identity bases and P, −P pairs in one MSM.
        var rng = new Random(3);
        const int n = 1500;
        var basePool = RandomPoints(rng, 20);
        var bases = new G1Affine[n];
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            bases[i] = (i % 7) switch
            {
                0 => G1Affine.Infinity,
                1 => -basePool[i % 20],
                _ => basePool[rng.Next(20)],
            };
            scalars[i] = (i % 5) switch
            {
                0 => Fr.Zero,
                1 => RMinusOne,
                2 => Fr.FromUInt64((ulong)rng.Next(0, 4)),
                3 => Fr.FromUInt64(1UL << rng.Next(0, 64)),
                _ => Fr.Random(rng),
            };
        }
        Assert.Equal(NaiveMsm(bases, scalars), Device.Msm(bases, scalars));
    }

    [Fact]
    public void SmallMsmEdgeCasesMatchNaiveSum()
    {
        // The direct path for a few points: identity bases, zero scalars, r − 1, repeated and negated points.
        var rng = new Random(31);
        var p = RandomPoints(rng, 2);
        G1Affine[] bases = [G1Affine.Infinity, p[0], p[0], -p[0], p[1], p[1]];
        Fr[] scalars = [Fr.FromUInt64(5), Fr.Zero, RMinusOne, Fr.Random(rng), Fr.One, Fr.FromUInt64(2)];
        Assert.Equal(NaiveMsm(bases, scalars), Device.Msm(bases, scalars));
        Assert.True(Device.Msm(bases[..1], scalars[..1]).IsInfinity);
        Assert.True(Device.Msm(bases[1..2], scalars[1..2]).IsInfinity);
    }

    [Fact]
    public void RepeatedPointWithEqualScalarsIsMultipleOfSum()
    {
        // Every bucket sees the same point again and again, which exercises doublings inside bucket additions.
        var rng = new Random(4);
        var p = RandomPoints(rng, 1)[0];
        const int n = 777;
        var bases = Enumerable.Repeat(p, n).ToArray();
        var k = Fr.Random(rng);
        var scalars = Enumerable.Repeat(k, n).ToArray();
        Assert.Equal(Multiply(p.ToJacobian(), k.ToBigInteger() * n % Fr.Modulus), Device.Msm(bases, scalars));
    }

    [Fact]
    public void PointAndNegationCancel()
    {
        var rng = new Random(5);
        var points = RandomPoints(rng, 300);
        var bases = points.Concat(points.Select(q => -q)).ToArray();
        var half = RandomScalars(rng, 300);
        var scalars = half.Concat(half).ToArray();
        Assert.True(Device.Msm(bases, scalars).IsInfinity);
    }

    [Fact]
    public void ScalarRMinusOneNegates()
    {
        var rng = new Random(6);
        var points = RandomPoints(rng, 64);
        var scalars = Enumerable.Repeat(RMinusOne, 64).ToArray();
        var expected = G1Jacobian.Infinity;
        foreach (var q in points) expected += q;
        Assert.Equal(-expected, Device.Msm(points, scalars));
    }

    [Fact]
    public void SmallScalarsMatchRepeatedAddition()
    {
        var rng = new Random(7);
        var points = RandomPoints(rng, 200);
        var scalars = new Fr[200];
        var expected = G1Jacobian.Infinity;
        for (int i = 0; i < 200; i++)
        {
            int k = rng.Next(0, 5);
            scalars[i] = Fr.FromUInt64((ulong)k);
            for (int j = 0; j < k; j++) expected += points[i];
        }
        Assert.Equal(expected, Device.Msm(points, scalars));
    }

    [Fact]
    public void AllWindowWidthsAgree()
    {
        // The digit recoding and carries for every width the heuristic may pick, including widths that divide 254.
        var rng = new Random(8);
        const int n = 60;
        var bases = RandomPoints(rng, n);
        var scalars = RandomScalars(rng, n);
        scalars[0] = RMinusOne;
        scalars[1] = Fr.FromBigInteger((BigInteger.One << 253) - 1);
        scalars[2] = Fr.FromBigInteger(BigInteger.One << 253);
        var canonical = scalars.Select(s => s.ToCanonical()).ToArray();
        // The recoding accepts any integer below 2^254 (not only below r): all-ones maximises every carry.
        var allOnes = (BigInteger.One << 254) - 1;
        canonical[3] = U256.FromBigInteger(allOnes);
        var expected = NaiveMsm(bases, scalars) - Multiply(bases[3].ToJacobian(), scalars[3].ToBigInteger())
            + Multiply(bases[3].ToJacobian(), allOnes);
        for (int c = 1; c <= Pippenger.MaxWindowBits; c++)
        {
            Assert.Equal(expected, Pippenger.MsmCanonical(bases, canonical, c));
            // The windows share the 254 bits evenly, at most c each and c − 1 at the top (which takes the last carry).
            int[] widths = Pippenger.WindowWidths(c);
            Assert.Equal(254, widths.Sum());
            Assert.True(widths.Max() <= c && widths.Min() >= widths.Max() - 1 && widths[^1] <= c - 1);
            Assert.Equal(1 << (c - 1), Pippenger.BucketCount(widths, 0));
            Assert.Equal(1 << widths[^1], Pippenger.BucketCount(widths, widths.Length - 1));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Pippenger.MsmCanonical(bases, canonical, Pippenger.MaxWindowBits + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pippenger.MsmCanonical(bases, canonical, 0));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(13)]
    public void BatchAffineBucketsHandleDoublingCancellationAndConflicts(int c)
    {
        // Wide windows force the batch-affine path even for few points: repeated points with equal scalars hit
        // the same bucket (doubling, then batch conflicts into the overflow buckets), P and −P cancel a bucket,
        // identity bases and zero scalars are skipped.
        Assert.True(1 << (c - 1) >= Pippenger.MinBatchAffineBuckets);
        var rng = new Random(20 + c);
        var pool = RandomPoints(rng, 8);
        var sameScalar = Fr.Random(rng);
        var bases = new List<G1Affine>();
        var scalars = new List<Fr>();
        for (int i = 0; i < 40; i++) { bases.Add(pool[0]); scalars.Add(sameScalar); }
        for (int i = 0; i < 30; i++) { bases.Add(i % 2 == 0 ? pool[1] : -pool[1]); scalars.Add(sameScalar); }
        for (int i = 0; i < 500; i++)
        {
            bases.Add(i % 11 == 0 ? G1Affine.Infinity : pool[rng.Next(pool.Length)]);
            scalars.Add((i % 4) switch { 0 => Fr.Zero, 1 => RMinusOne, 2 => Fr.FromUInt64((ulong)rng.Next(1, 9)), _ => Fr.Random(rng) });
        }
        var canonical = scalars.Select(s => s.ToCanonical()).ToArray();
        Assert.Equal(NaiveMsm(bases, scalars), Pippenger.MsmCanonical(bases.ToArray(), canonical, c));

        // Minimal cases: the second point meets the first in its bucket inside one batch.
        var k = sameScalar.ToCanonical();
        var j = Fr.Random(rng);
        Assert.Equal(Multiply(pool[2].ToJacobian(), j.ToBigInteger()),
            Pippenger.MsmCanonical([pool[3], -pool[3], pool[2]], [k, k, j.ToCanonical()], c));
        Assert.Equal(Multiply(pool[3].ToJacobian(), sameScalar.ToBigInteger() * 2),
            Pippenger.MsmCanonical([pool[3], pool[3]], [k, k], c));
        Assert.Equal(Multiply(pool[3].ToJacobian(), sameScalar.ToBigInteger() * 3),
            Pippenger.MsmCanonical([pool[3], pool[3], pool[3]], [k, k, k], c));
    }

    [Fact]
    public void BatchAffineMatchesJacobianBucketsOnRandomInputs()
    {
        var rng = new Random(30);
        const int n = 3000;
        var bases = RandomPoints(rng, n);
        var canonical = RandomScalars(rng, n).Select(s => s.ToCanonical()).ToArray();
        var reference = Pippenger.MsmCanonical(bases, canonical, 8); // 128 buckets: Jacobian path
        Assert.Equal(reference, Pippenger.MsmCanonical(bases, canonical, 11));
        Assert.Equal(reference, Pippenger.MsmCanonical(bases, canonical, 15));
    }

    [Fact]
    public void ResultIsOnCurve()
    {
        var rng = new Random(12);
        var r = Device.Msm(RandomPoints(rng, 100), RandomScalars(rng, 100)).ToAffine();
        Assert.False(r.IsInfinity);
        Assert.True(r.IsOnCurve);
    }
}
