using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;

namespace ZkmlGpu.Bench.Field;

/// <summary>
/// Prime-field core operations. Mul/add/square are dependent chains (x = x∘y repeated), so the figure per
/// operation is latency, not throughput. Run: <c>--filter '*FrBench*'</c>.
/// </summary>
[MemoryDiagnoser]
public class FrBench
{
    private const int Chain = 1000;
    private Fr _x, _y;
    private Fq _qx, _qy;
    private const int VectorLength = 1024;
    private Fr[] _vx = [], _vy = [], _vz = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = Fr.Random(rng); _y = Fr.Random(rng);
        _qx = Fq.Random(rng); _qy = Fq.Random(rng);
        _vx = Enumerable.Range(0, VectorLength).Select(_ => Fr.Random(rng)).ToArray();
        _vy = Enumerable.Range(0, VectorLength).Select(_ => Fr.Random(rng)).ToArray();
        _vz = new Fr[VectorLength];
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fr FrMul()
    {
        Fr x = _x, y = _y;
        for (int i = 0; i < Chain; i++) x *= y;
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fr FrSquare()
    {
        Fr x = _x;
        for (int i = 0; i < Chain; i++) x = x.Square();
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fr FrAdd()
    {
        Fr x = _x, y = _y;
        for (int i = 0; i < Chain; i++) x += y;
        return x;
    }

    /// <summary>Independent additions z[i] = x[i] + y[i] (throughput, as in polynomial arithmetic).</summary>
    [Benchmark(OperationsPerInvoke = VectorLength)]
    public void FrAddThroughput()
    {
        for (int i = 0; i < VectorLength; i++) _vz[i] = _vx[i] + _vy[i];
    }

    /// <summary>Independent multiplications z[i] = x[i] · y[i] (throughput).</summary>
    [Benchmark(OperationsPerInvoke = VectorLength)]
    public void FrMulThroughput()
    {
        for (int i = 0; i < VectorLength; i++) _vz[i] = _vx[i] * _vy[i];
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fr FrSub()
    {
        Fr x = _x, y = _y;
        for (int i = 0; i < Chain; i++) x -= y;
        return x;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public Fr FrInverse()
    {
        Fr x = _x;
        for (int i = 0; i < 100; i++) x = x.Inverse() + _y; // + y keeps the inputs varied
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Fq FqMul()
    {
        Fq x = _qx, y = _qy;
        for (int i = 0; i < Chain; i++) x *= y;
        return x;
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public Fq FqInverse()
    {
        Fq x = _qx;
        for (int i = 0; i < 100; i++) x = x.Inverse() + _qy;
        return x;
    }

    [Benchmark]
    public bool FqSqrt() => _qx.TrySqrt(out _);
}

/// <summary>Batch inversion over 2^16 elements (Montgomery's trick, chunked across threads).</summary>
public class FieldBatchBench
{
    private Fr[] _values = [], _work = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _values = Enumerable.Range(0, 1 << 16).Select(_ => Fr.Random(rng)).ToArray();
        _work = new Fr[_values.Length];
    }

    [Benchmark]
    public void BatchInvert65536()
    {
        _values.CopyTo(_work, 0);
        FieldBatch.Invert<Fr>(_work);
    }
}

/// <summary>G1 group operations. Run: <c>--filter '*G1Bench*'</c>.</summary>
public class G1Bench
{
    private const int Chain = 100;
    private G1Jacobian _p;
    private G1Affine _a;
    private Fr _k;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _p = G1Jacobian.Random(rng);
        _a = G1Affine.Random(rng);
        _k = Fr.Random(rng);
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public G1Jacobian MixedAdd()
    {
        var p = _p;
        for (int i = 0; i < Chain; i++) p += _a;
        return p;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public G1Jacobian FullAdd()
    {
        var p = _p;
        var q = _a.ToJacobian().Double();
        for (int i = 0; i < Chain; i++) p += q;
        return p;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public G1Jacobian Double()
    {
        var p = _p;
        for (int i = 0; i < Chain; i++) p = p.Double();
        return p;
    }

    [Benchmark]
    public G1Jacobian ScalarMul() => _p * _k;

    [Benchmark]
    public G1Affine DecompressG1() => G1Affine.FromCompressed(_a.ToCompressed());
}
