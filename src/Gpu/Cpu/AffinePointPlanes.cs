using System.Buffers;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Gpu.Cpu;

/// <summary>
/// The coordinates of an MSM's affine points in limb planes (<see cref="LimbPlanes"/>), point i in column i: split
/// once and shared by every window's lane path, which then gathers columns instead of converting each point again.
/// The identity's column holds (0, 0) and is never read. Pooled; dispose to return the planes.
/// </summary>
internal sealed class AffinePointPlanes : IDisposable
{
    private const int Chunk = 1 << 13;

    public ulong[] X { get; }
    public ulong[] Y { get; }
    public int Stride { get; }

    private AffinePointPlanes(int stride)
    {
        Stride = stride;
        X = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * stride);
        Y = ArrayPool<ulong>.Shared.Rent(LimbPlanes.Limbs * stride);
    }

    /// <summary>Splits points[0 .. n) in parallel chunks.</summary>
    public static AffinePointPlanes Split(G1Affine[] points, int n)
    {
        var planes = new AffinePointPlanes(LimbPlanes.StrideFor(n));
        int s = planes.Stride;
        ulong[] x = planes.X, y = planes.Y;
        Parallel.For(0, (n + Chunk - 1) / Chunk, c =>
        {
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                ref readonly G1Affine p = ref points[i];
                LimbPlanes.Split(p.IsInfinity ? default : p.X.Mont, ref x[i], s);
                LimbPlanes.Split(p.IsInfinity ? default : p.Y.Mont, ref y[i], s);
            }
        });
        return planes;
    }

    public void Dispose()
    {
        ArrayPool<ulong>.Shared.Return(X);
        ArrayPool<ulong>.Shared.Return(Y);
    }
}
