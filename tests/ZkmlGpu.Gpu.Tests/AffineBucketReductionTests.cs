using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;
using static ZkmlGpu.Gpu.Tests.CurveTestHelpers;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// The segmented batch-affine bucket reduction equals Σ (b+1)·B_b by Jacobian running sums, including empty buckets,
/// running sums that double (a lone top bucket) or cancel (P next to −P), and bucket counts that do not split evenly;
/// at every lane width the CPU supports, with the vector lanes' points equal to the scalar path's.
/// </summary>
public class AffineBucketReductionTests
{
    private static G1Jacobian Reference(G1Affine[] buckets, bool[] occupied)
    {
        var running = G1Jacobian.Infinity;
        var sum = G1Jacobian.Infinity;
        for (int b = buckets.Length - 1; b >= 0; b--)
        {
            if (occupied[b]) running += buckets[b];
            sum += running;
        }
        return sum;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void MatchesJacobianRunningSums(int count)
    {
        var rng = new Random(count);
        var pool = RandomPoints(rng, 6);
        var buckets = new G1Affine[count];
        var occupied = new bool[count];
        for (int b = 0; b < count; b++)
        {
            switch (rng.Next(6))
            {
                case 0: break; // empty
                case 1 when b > 0 && occupied[b - 1]: buckets[b] = -buckets[b - 1]; occupied[b] = true; break; // cancels
                case 2 when b > 0 && occupied[b - 1]: buckets[b] = buckets[b - 1]; occupied[b] = true; break;  // equal points
                default: buckets[b] = pool[rng.Next(pool.Length)]; occupied[b] = true; break;
            }
        }
        Check(buckets, occupied);
    }

    [Fact]
    public void EdgeLayouts()
    {
        var p = RandomPoints(new Random(9), 1)[0];
        // Segment counts below, at and above the lane widths, some not a multiple of them (300: 17 segments).
        foreach (int count in new[] { 1, 2, 50, 64, 65, 300 })
        {
            // All empty; only the top bucket (its segment's sum doubles the running sum); only bucket 0; P and −P
            // everywhere; P everywhere (the running sums double, then add multiples of P).
            Check(new G1Affine[count], new bool[count]);
            var top = new bool[count]; top[^1] = true;
            Check(Enumerable.Repeat(p, count).ToArray(), top);
            var bottom = new bool[count]; bottom[0] = true;
            Check(Enumerable.Repeat(p, count).ToArray(), bottom);
            Check(Enumerable.Range(0, count).Select(b => b % 2 == 0 ? p : -p).ToArray(), Enumerable.Repeat(true, count).ToArray());
            Check(Enumerable.Repeat(p, count).ToArray(), Enumerable.Repeat(true, count).ToArray());
        }
    }

    /// <summary>Every supported width gives the reference point, and the vector widths the scalar path's coordinates.</summary>
    private static void Check(G1Affine[] buckets, bool[] occupied)
    {
        var bx = buckets.Select(q => q.IsInfinity ? default : q.X).ToArray();
        var by = buckets.Select(q => q.IsInfinity ? default : q.Y).ToArray();
        var expected = Reference(buckets, occupied);
        G1Jacobian scalar;
        using (SimdWidth.Override(1)) scalar = AffineBucketReduction.WeightedSum(bx, by, occupied, buckets.Length);
        Assert.Equal(expected.ToAffine(), scalar.ToAffine());
        foreach (int width in SimdWidth.Available.Where(w => w > 1))
        {
            G1Jacobian lanes;
            using (SimdWidth.Override(width)) lanes = AffineBucketReduction.WeightedSum(bx, by, occupied, buckets.Length);
            // The same Jacobian coordinates, not only the same point: the lanes compute the very same field elements.
            Assert.True(scalar.X == lanes.X && scalar.Y == lanes.Y && scalar.Z == lanes.Z, $"width {width} differs from the scalar path");
        }
    }
}
