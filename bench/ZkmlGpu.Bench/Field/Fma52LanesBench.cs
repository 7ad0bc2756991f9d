using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;
using ZkmlGpu.Field.Simd;

namespace ZkmlGpu.Bench.Field;

/// <summary>
/// Fr products on one thread from the 52-bit double-FMA kernel (<see cref="Fma52Lanes"/>), shaped like
/// <see cref="FrLanesBench.MulThroughput"/> (1024 independent products per invoke) so the two figures compare
/// directly. Run both in one invocation:
/// <c>dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*Fma52LanesBench*' '*FrLanesBench.MulThroughput*' --job short</c>.
/// MulThroughput (8 per call) compares with FrLanesBench.MulThroughput at Width 8; Mul16Throughput and
/// Fr29Mul16Throughput are the 52-bit and 29-bit kernels each with two 8-lane groups interleaved per call.
/// Setup checks the kernels against BigInteger and Fr arithmetic and throws on a mismatch; <c>--fma52-self-check</c>
/// runs the 52-bit check alone.
/// </summary>
public class Fma52LanesBench
{
    private const int Length = 1024;
    private ulong[] _pa = [], _pb = [], _pd = [];
    private uint[] _qa = [], _qb = [], _qd = [];

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

        // The 29-bit kernel's operands, and a check that its interleaved copy agrees with it.
        _qa = new uint[LimbPlanes.Limbs * Length]; _qb = new uint[LimbPlanes.Limbs * Length]; _qd = new uint[LimbPlanes.Limbs * Length];
        LimbPlanes.Split(a, _qa, Length);
        LimbPlanes.Split(b, _qb, Length);
        var expected = new uint[LimbPlanes.Limbs * Length];
        for (int i = 0; i < Length; i += 8) FrLanes512.Mul(ref _qa[i], Length, ref _qb[i], Length, ref expected[i], Length);
        Fr29Mul16Throughput();
        if (!expected.AsSpan().SequenceEqual(_qd)) throw new InvalidOperationException("FrLanes512Pair.Mul16 disagrees with FrLanes512.Mul.");
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

    /// <summary>The 29-bit kernel (FrLanes512.Mul) with the same two-group interleaving, 16 per call.</summary>
    [Benchmark(OperationsPerInvoke = Length)]
    public void Fr29Mul16Throughput()
    {
        for (int i = 0; i < Length; i += 16)
            FrLanes512Pair.Mul16(ref _qa[i], Length, ref _qb[i], Length, ref _qd[i], Length);
    }
}
