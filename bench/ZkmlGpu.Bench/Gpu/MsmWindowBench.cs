using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Bench.Gpu;

/// <summary>
/// One Pippenger window on one thread: 2^16 random points into 2^12 batch-affine buckets (the window of a 2^16-point
/// MSM), then the buckets' weighted sum. Divide by 2^16 for the cost of one bucket addition. Width 1 is the scalar
/// path, 8 the AVX-512 lanes. Run: <c>--filter '*MsmWindowBench*'</c>.
/// </summary>
public class MsmWindowBench
{
    private const int LogPoints = 16, Buckets = 1 << 12;

    [Params(1, 8)]
    public int Width { get; set; }

    private G1Affine[] bases = [];
    private AffinePointPlanes? planes;
    private short[] digits = [];

    [GlobalSetup]
    public void Setup()
    {
        int n = 1 << LogPoints;
        bases = BenchmarkInputs.RandomPoints(n, seed: 1);
        var rng = new Random(2);
        digits = new short[n];
        for (int i = 0; i < n; i++) digits[i] = (short)(rng.Next(1, Buckets + 1) * (rng.Next(2) == 0 ? 1 : -1));
        planes = AffinePointPlanes.Split(bases, n);
    }

    [Benchmark]
    public G1Jacobian Window()
    {
        if (Width > SimdWidth.Supported) return G1Jacobian.Infinity;
        return BatchAffineBuckets.WindowSum(bases, Width > 1 ? planes : null, digits, Buckets, BatchAffineBuckets.BatchSizeFor(Buckets), Width);
    }

    [GlobalCleanup]
    public void Cleanup() => planes?.Dispose();
}
