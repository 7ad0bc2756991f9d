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
            G1Jacobian.BatchToAffine(jacobian, result.AsSpan(begin, end - begin));
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
