using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Bench.Field;

/// <summary>
/// Batched Fr products on one thread (throughput per product per core): Width 1 is the scalar 4×64-bit product
/// over an Fr array, 4 and 8 the AVX2 / AVX-512F kernels over limb planes. Run: <c>--filter '*FrLanesBench*'</c>.
/// Widths the CPU lacks return at once (ignore their rows).
/// </summary>
public class FrLanesBench
{
    private const int Length = 1024;
    private Fr[] _a = [], _b = [], _d = [];
    private ulong[] _pa = [], _pb = [], _pd = [];

    [Params(1, 4, 8)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Enumerable.Range(0, Length).Select(_ => Fr.Random(rng)).ToArray();
        _b = Enumerable.Range(0, Length).Select(_ => Fr.Random(rng)).ToArray();
        _d = new Fr[Length];
        _pa = new ulong[LimbPlanes.Limbs * Length]; _pb = new ulong[LimbPlanes.Limbs * Length]; _pd = new ulong[LimbPlanes.Limbs * Length];
        LimbPlanes.Split(_a, _pa, Length);
        LimbPlanes.Split(_b, _pb, Length);
    }

    /// <summary>d[i] = a[i]·b[i], both operands variable (the kernel shifts b itself).</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public void MulThroughput()
    {
        if (Width > SimdWidth.Supported) return;
        switch (Width)
        {
            case 8: for (int i = 0; i < Length; i += 8) FrLanes512.Mul(ref _pa[i], Length, ref _pb[i], Length, ref _pd[i], Length); break;
            case 4: for (int i = 0; i < Length; i += 4) FrLanes256.Mul(ref _pa[i], Length, ref _pb[i], Length, ref _pd[i], Length); break;
            default: for (int i = 0; i < Length; i++) _d[i] = _a[i] * _b[i]; break;
        }
    }

    /// <summary>As <see cref="MulThroughput"/>, two lane groups per call (<c>Mul2</c>, steps interleaved); width 1 is two scalar products per step.</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public void Mul2Throughput()
    {
        if (Width > SimdWidth.Supported) return;
        switch (Width)
        {
            case 8: for (int i = 0; i < Length; i += 16) FrLanes512.Mul2(ref _pa[i], Length, ref _pb[i], Length, ref _pa[i + 8], Length, ref _pb[i + 8], Length, ref _pd[i], Length, ref _pd[i + 8], Length); break;
            case 4: for (int i = 0; i < Length; i += 8) FrLanes256.Mul2(ref _pa[i], Length, ref _pb[i], Length, ref _pa[i + 4], Length, ref _pb[i + 4], Length, ref _pd[i], Length, ref _pd[i + 4], Length); break;
            default: for (int i = 0; i < Length; i += 2) { _d[i] = _a[i] * _b[i]; _d[i + 1] = _a[i + 1] * _b[i + 1]; } break;
        }
    }

    /// <summary>NTT butterflies x ± w·y (twiddles pre-shifted on the lanes).</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public void ButterflyThroughput()
    {
        if (Width > SimdWidth.Supported) return;
        switch (Width)
        {
            case 8: for (int i = 0; i < Length; i += 8) FrLanes512.Butterfly(ref _pa[i], Length, ref _pd[i], Length, ref _pb[i], Length); break;
            case 4: for (int i = 0; i < Length; i += 4) FrLanes256.Butterfly(ref _pa[i], Length, ref _pd[i], Length, ref _pb[i], Length); break;
            default:
                for (int i = 0; i < Length; i++) { Fr t = _d[i] * _b[i], u = _a[i]; _a[i] = u + t; _d[i] = u - t; }
                break;
        }
    }
}
