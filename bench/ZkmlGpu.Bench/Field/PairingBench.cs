using BenchmarkDotNet.Attributes;
using ZkmlGpu.Field;

namespace ZkmlGpu.Bench.Field;

/// <summary>BN254 optimal ate pairing and its parts. Targets (2-core machine): pairing ≤ 1.0 ms, 4-pair ≤ 2.0 ms.</summary>
[MemoryDiagnoser]
public class PairingBench
{
    private G1Affine _p;
    private G2Affine _q;
    private G2Prepared _qPrepared = null!;
    private G1Affine[] _ps = null!;
    private G2Affine[] _qs = null!;
    private G2Prepared[] _qsPrepared = null!;
    private Fq12 _miller;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _p = (G1Jacobian.Generator + G1Affine.Generator).ToAffine();
        _q = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        _qPrepared = new G2Prepared(_q);
        _ps = new G1Affine[4];
        _qs = new G2Affine[4];
        G1Jacobian acc = G1Jacobian.Generator;
        for (int i = 0; i < 4; i++)
        {
            acc = acc.Double() + G1Affine.Generator;
            _ps[i] = acc.ToAffine();
            _qs[i] = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        }
        _qsPrepared = _qs.Select(q => new G2Prepared(q)).ToArray();
        _miller = Pairing.MillerLoop(_p, _qPrepared);
    }

    [Benchmark] public Fq12 Pair() => Pairing.Pair(_p, _q);
    [Benchmark] public Fq12 PairPrepared() => Pairing.Pair(_p, _qPrepared);
    [Benchmark] public Fq12 MultiPair4() => Pairing.MultiPair(_ps, _qs);
    [Benchmark] public Fq12 MultiPair4Prepared() => Pairing.MultiPair(_ps, _qsPrepared);
    [Benchmark] public Fq12 MillerLoopPrepared() => Pairing.MillerLoop(_p, _qPrepared);
    [Benchmark] public Fq12 FinalExponentiation() => Pairing.FinalExponentiation(_miller);
    [Benchmark] public G2Prepared PrepareG2() => new(_q);
}

/// <summary>G2 arithmetic.</summary>
public class G2Bench
{
    private G2Jacobian _p;
    private G2Affine _a;
    private Fr _k;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _k = Fr.Random(rng);
        _p = G2Jacobian.Generator * Fr.Random(rng);
        _a = _p.Double().ToAffine();
    }

    [Benchmark] public G2Jacobian ScalarMul() => _p * _k;
    [Benchmark] public G2Jacobian Add() => _p + _p.Double();
    [Benchmark] public G2Jacobian MixedAdd() => _p + _a;
    [Benchmark] public G2Jacobian Double() => _p.Double();
    [Benchmark] public bool SubgroupCheck() => _a.IsInSubgroup;
    [Benchmark] public G2Affine DecodeCompressed() => G2Affine.FromCompressed(_compressed ??= _a.ToCompressed());
    private byte[]? _compressed;
}

/// <summary>Extension tower arithmetic.</summary>
public class TowerBench
{
    private Fq2 _a2, _b2;
    private Fq12 _a, _b, _cyc;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _a2 = Fq2.Random(rng); _b2 = Fq2.Random(rng);
        _a = Fq12.Random(rng); _b = Fq12.Random(rng);
        _cyc = Pairing.Pair(G1Affine.Generator, G2Affine.Generator);
    }

    [Benchmark] public Fq2 Fq2Mul() => _a2 * _b2;
    [Benchmark] public Fq2 Fq2Square() => _a2.Square();
    [Benchmark] public Fq12 Fq12Mul() => _a * _b;
    [Benchmark] public Fq12 Fq12Square() => _a.Square();
    [Benchmark] public Fq12 Fq12CyclotomicSquare() => _cyc.CyclotomicSquare();
    [Benchmark] public Fq12 Fq12MulByLine() => _a.MulByLine(_a2, _b2);
    [Benchmark] public Fq12 Fq12Inverse() => _a.Inverse();
    [Benchmark] public Fq12 Fq12Frobenius() => _a.Frobenius(1);
}
