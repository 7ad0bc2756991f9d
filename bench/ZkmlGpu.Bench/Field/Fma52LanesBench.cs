using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Bench.Field;

/// <summary>
/// Fr products on one thread from the 52-bit double-FMA kernel (<see cref="Fma52Lanes"/>), shaped like
/// <see cref="FrLanesBench.MulThroughput"/> (1024 independent products per invoke) so the two figures compare
/// directly. Run both in one invocation:
/// <c>dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*Fma52LanesBench*' '*FrLanesBench.MulThroughput*' --job short</c>.
/// MulThroughput (8 per call) compares with FrLanesBench.MulThroughput at Width 8; Mul16Throughput interleaves two
/// 8-lane groups per call (5 limbs leave registers for two; the 29-bit kernel's 9 limbs do not). Setup checks the
/// kernel against BigInteger and Fr arithmetic and throws on a mismatch; <c>--fma52-self-check</c> runs the check alone.
/// </summary>
public class Fma52LanesBench
{
    private const int Length = 1024;
    private ulong[] _pa = [], _pb = [], _pd = [];

    [GlobalSetup]
    public void Setup()
    {
        Fma52Lanes.SelfCheck();
        var rng = new Random(1);
        Fr[] a = Enumerable.Range(0, Length).Select(_ => Fr.Random(rng)).ToArray();
        Fr[] b = Enumerable.Range(0, Length).Select(_ => Fr.Random(rng)).ToArray();
        _pa = new ulong[Fma52Lanes.Limbs * Length]; _pb = new ulong[Fma52Lanes.Limbs * Length]; _pd = new ulong[Fma52Lanes.Limbs * Length];
        Fma52Lanes.Split(a, _pa, Length);
        Fma52Lanes.Split(b, _pb, Length);
    }

    /// <summary>d[i] = a[i]·b[i], both operands variable.</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public void MulThroughput()
    {
        for (int i = 0; i < Length; i += Fma52Lanes.Lanes)
            Fma52Lanes.Mul(ref _pa[i], Length, ref _pb[i], Length, ref _pd[i], Length);
    }

    /// <summary>The same products, 16 per call (<see cref="Fma52Lanes.Mul16"/>).</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public void Mul16Throughput()
    {
        for (int i = 0; i < Length; i += 2 * Fma52Lanes.Lanes)
            Fma52Lanes.Mul16(ref _pa[i], Length, ref _pb[i], Length, ref _pd[i], Length);
    }
}
