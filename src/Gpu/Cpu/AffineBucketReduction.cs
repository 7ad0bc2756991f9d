using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// Σ (b+1)·B_b over affine buckets with batched affine additions instead of a chain of Jacobian ones. The buckets
/// are cut into M ≈ √count segments of L buckets; every segment runs its own running sum (running += B, sum +=
/// running) from its top bucket down, and step by step the M additions of all segments share one inversion. The
/// segments then combine as Σ_j sum_j + L·Σ_j j·running_j. An affine addition with a shared inversion costs about
/// 6 multiplications against 11 (mixed) and 16 (full) for the Jacobian running sums; the result is the same point.
/// The additions run on the Fq vector lanes (<see cref="AffineRunningSumLanes{TL}"/>) at the width
/// <see cref="SimdWidth.Current"/> gives, with the same result bit for bit.
/// </summary>
internal static class AffineBucketReduction
{
    /// <summary>What one addition acc + add is: add is the identity, acc is, x differs, equal points, P + (−P).</summary>
    internal const byte Skip = 0, TakeAddend = 1, Normal = 2, Doubling = 3, Cancel = 4;

    /// <param name="occupied">Which buckets hold a point; the others are the identity.</param>
    public static G1Jacobian WeightedSum(Fq[] bx, Fq[] by, bool[] occupied, int count)
    {
        switch (SimdWidth.Current)
        {
            case 8: return WeightedSumOfPlanes<FqLanes512>(ToPlanes(bx, count), ToPlanes(by, count), LimbPlanes.StrideFor(count), occupied, count);
            case 4: return WeightedSumOfPlanes<FqLanes256>(ToPlanes(bx, count), ToPlanes(by, count), LimbPlanes.StrideFor(count), occupied, count);
        }
        if (count == 0) return G1Jacobian.Infinity;
        int length = SegmentLength(count), segments = (count + length - 1) / length;
        var running = new G1Affine[segments];
        var sums = new G1Affine[segments];
        RunningSums(bx, by, occupied, count, length, running, sums);
        return Combine(running, sums, length);
    }

    /// <summary>
    /// As <see cref="WeightedSum"/> on the TL lanes, for buckets already in limb planes: bucket b is column b of
    /// bucketX, bucketY (stride bucketStride).
    /// </summary>
    public static G1Jacobian WeightedSumOfPlanes<TL>(ulong[] bucketX, ulong[] bucketY, int bucketStride, bool[] occupied, int count)
        where TL : struct, IFieldLanes
    {
        if (count == 0) return G1Jacobian.Infinity;
        int length = SegmentLength(count), segments = (count + length - 1) / length;
        var running = new G1Affine[segments];
        var sums = new G1Affine[segments];
        AffineRunningSumLanes<TL>.Run(bucketX, bucketY, bucketStride, occupied, count, length, running, sums);
        return Combine(running, sums, length);
    }

    /// <summary>L for M ≈ √count segments.</summary>
    private static int SegmentLength(int count)
    {
        int segments = Math.Max(1, (int)Math.Sqrt(count));
        return (count + segments - 1) / segments;
    }

    private static ulong[] ToPlanes(Fq[] values, int count)
    {
        int stride = LimbPlanes.StrideFor(count);
        var planes = new ulong[LimbPlanes.Limbs * stride];
        LimbPlanes.Split(values.AsSpan(0, count), planes, stride);
        return planes;
    }

    /// <summary>Σ_j sum_j + L·Σ_j j·running_j, the second by running sums over the segments.</summary>
    private static G1Jacobian Combine(G1Affine[] running, G1Affine[] sums, int length)
    {
        var total = G1Jacobian.Infinity;
        var outer = G1Jacobian.Infinity;
        var weighted = G1Jacobian.Infinity;
        for (int j = running.Length - 1; j >= 0; j--)
        {
            if (!sums[j].IsInfinity) total += sums[j];
            if (j == 0) break;
            if (!running[j].IsInfinity) outer += running[j];
            weighted += outer;
        }
        return total + Multiply(weighted, length);
    }

    /// <summary>
    /// Every segment's running sum and sum of running sums from its top bucket down, on the scalar Fq arithmetic;
    /// step by step the additions of all segments share one inversion.
    /// </summary>
    private static void RunningSums(Fq[] bx, Fq[] by, bool[] occupied, int count, int length, G1Affine[] running, G1Affine[] sums)
    {
        int segments = running.Length;
        Array.Fill(running, G1Affine.Infinity);
        Array.Fill(sums, G1Affine.Infinity);
        var addends = new G1Affine[segments];
        var scratch = new Scratch(segments);
        for (int t = length - 1; t >= 0; t--)
        {
            // running_j += B_(j·L + t), then sum_j += running_j, each over all segments at once.
            for (int j = 0; j < segments; j++)
            {
                int b = j * length + t;
                addends[j] = b < count && occupied[b] ? new G1Affine(bx[b], by[b]) : G1Affine.Infinity;
            }
            AddInPlace(running, addends, scratch);
            AddInPlace(sums, running, scratch);
        }
    }

    /// <summary>k·P by double-and-add for a small non-negative k.</summary>
    internal static G1Jacobian Multiply(G1Jacobian p, int k)
    {
        if (k == 0) return G1Jacobian.Infinity;
        var result = p;
        for (int bit = 30 - System.Numerics.BitOperations.LeadingZeroCount((uint)k); bit >= 0; bit--)
        {
            result = result.Double();
            if (((k >> bit) & 1) != 0) result += p;
        }
        return result;
    }

    private sealed class Scratch(int size)
    {
        public readonly Fq[] Denominators = new Fq[size], Prefix = new Fq[size];
        public readonly byte[] Kind = new byte[size];
    }

    /// <summary>acc[j] ← acc[j] + add[j] for every j, with one field inversion for all of them.</summary>
    private static void AddInPlace(G1Affine[] acc, G1Affine[] add, Scratch s)
    {
        int n = acc.Length;
        Fq product = Fq.One;
        for (int j = 0; j < n; j++)
        {
            ref readonly G1Affine p = ref acc[j], q = ref add[j];
            byte kind;
            Fq den = Fq.One;
            if (q.IsInfinity) kind = Skip;
            else if (p.IsInfinity) kind = TakeAddend;
            else if (p.X != q.X) { kind = Normal; den = q.X - p.X; }
            else if (p.Y == q.Y) { kind = Doubling; den = p.Y.Double(); } // y ≠ 0: G1 has no point of order 2
            else kind = Cancel;
            s.Kind[j] = kind;
            s.Denominators[j] = den;
            s.Prefix[j] = product;
            if (kind >= Normal && kind != Cancel) product *= den;
        }
        Fq inv = product.Inverse();
        for (int j = n - 1; j >= 0; j--)
        {
            byte kind = s.Kind[j];
            switch (kind)
            {
                case Skip: continue;
                case TakeAddend: acc[j] = add[j]; continue;
                case Cancel: acc[j] = G1Affine.Infinity; continue;
            }
            Fq denInv = inv * s.Prefix[j];
            inv *= s.Denominators[j];
            Fq x1 = acc[j].X, y1 = acc[j].Y, x2 = add[j].X;
            Fq lambda;
            if (kind == Normal) lambda = (add[j].Y - y1) * denInv;
            else { Fq xx = x1.Square(); lambda = (xx.Double() + xx) * denInv; }
            Fq x3 = lambda.Square() - x1 - x2;
            acc[j] = new G1Affine(x3, lambda * (x1 - x3) - y1);
        }
    }
}
