using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// Cheap pseudo-random inputs for benchmarks (not for anything secret): scalars from a seeded generator and
/// distinct curve points P_i = (start + i)·G, built by one addition per point and normalised to affine with
/// one shared inversion per chunk, so 2^20 bases take well under a second instead of minutes.
/// </summary>
public static class BenchmarkInputs
{
    private const int Chunk = 1 << 12;

    public static Fr[] RandomScalars(int n, int seed)
    {
        var result = new Fr[n];
        int chunks = (n + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c =>
        {
            var rng = new Random(HashCode.Combine(seed, c));
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++) result[i] = Fr.Random(rng);
        });
        return result;
    }

    /// <summary>The points (start + i)·G for i &lt; n, start ≥ 1 derived from the seed.</summary>
    public static G1Affine[] RandomPoints(int n, int seed)
    {
        ulong start = (ulong)new Random(seed).NextInt64(1, 1L << 40);
        var result = new G1Affine[n];
        int chunks = (n + Chunk - 1) / Chunk;
        var g = G1Affine.Generator;
        Parallel.For(0, chunks, c =>
        {
            int begin = c * Chunk, end = Math.Min(n, begin + Chunk);
            var jacobian = new G1Jacobian[end - begin];
            var p = MultiplyGenerator(start + (ulong)begin);
            for (int i = 0; i < jacobian.Length; i++) { jacobian[i] = p; p += g; }
            PointBatch.ToAffine(jacobian, result.AsSpan(begin, end - begin));
        });
        return result;
    }

    private static G1Jacobian MultiplyGenerator(ulong k)
    {
        var result = G1Jacobian.Infinity;
        var g = G1Affine.Generator;
        for (int i = 63; i >= 0; i--)
        {
            result = result.Double();
            if ((k >> i & 1) != 0) result += g;
        }
        return result;
    }
}

/// <summary>Batch normalisation with Montgomery's trick: one field inversion for a whole span.</summary>
internal static class PointBatch
{
    public static void ToAffine(ReadOnlySpan<G1Jacobian> points, Span<G1Affine> result)
    {
        if (result.Length != points.Length) throw new ArgumentException("Result length must match the number of points.");
        // prefix[i] = Π Z_j over the non-identity points j < i.
        var prefix = new Fq[points.Length];
        Fq acc = Fq.One;
        for (int i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            if (!points[i].IsInfinity) acc *= points[i].Z;
        }
        Fq inv = acc.Inverse();
        for (int i = points.Length - 1; i >= 0; i--)
        {
            var p = points[i];
            if (p.IsInfinity) { result[i] = G1Affine.Infinity; continue; }
            Fq zInv = inv * prefix[i];
            inv *= p.Z;
            Fq zInv2 = zInv.Square();
            result[i] = new G1Affine(p.X * zInv2, p.Y * zInv2 * zInv);
        }
    }
}
