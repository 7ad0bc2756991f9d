using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Prover.Tests;

/// <summary>Independent references for the KZG tests: naive scalar multiplication and MSM.</summary>
internal static class KzgTestHelpers
{
    /// <summary>k·P by plain double-and-add over BigInteger bits (independent of the library's helpers).</summary>
    public static G1Jacobian NaiveMultiply(G1Affine p, Fr k)
    {
        var e = k.ToBigInteger();
        var acc = G1Jacobian.Infinity;
        var addend = p.ToJacobian();
        while (!e.IsZero)
        {
            if (!e.IsEven) acc += addend;
            addend = addend.Double();
            e >>= 1;
        }
        return acc;
    }

    public static G1Jacobian NaiveMsm(ReadOnlySpan<G1Affine> bases, ReadOnlySpan<Fr> scalars)
    {
        var acc = G1Jacobian.Infinity;
        for (int i = 0; i < scalars.Length; i++) acc += NaiveMultiply(bases[i], scalars[i]);
        return acc;
    }

    public static Fr[] RandomPoly(Random rng, int length)
    {
        var p = new Fr[length];
        for (int i = 0; i < length; i++) p[i] = Fr.Random(rng);
        return p;
    }
}

/// <summary>A host device whose MSM is the naive reference, so KZG is tested against an independent MSM.</summary>
internal sealed class NaiveMsmDevice : IComputeDevice
{
    public DeviceSpec Spec => DeviceSpec.Cpu;
    public string Description => "naive reference device (tests)";
    public FrVector Allocate(int length) => new Vector(this, new Fr[length]);
    public FrVector Upload(ReadOnlySpan<Fr> values) => new Vector(this, values.ToArray());
    public G1Bases UploadBases(ReadOnlySpan<G1Affine> points) => new Bases(this, points.ToArray());
    public int MsmCalls { get; private set; }

    public G1Jacobian Msm(G1Bases bases, FrVector scalars)
    {
        var b = ((Bases)bases).Points;
        var s = ((Vector)scalars).Values;
        if (s.Length > b.Length) throw new ArgumentException("More scalars than bases.");
        MsmCalls++;
        return KzgTestHelpers.NaiveMsm(b, s);
    }

    public void Ntt(FrVector values, NttDirection direction) => throw new NotSupportedException();
    public void CosetNtt(FrVector values, Fr shift, NttDirection direction) => throw new NotSupportedException();
    public void PoseidonHash(PoseidonParameters parameters, FrVector inputs, FrVector outputs) => throw new NotSupportedException();
    public void Dispose() { }

    private sealed class Vector(NaiveMsmDevice device, Fr[] values) : FrVector(device, values.Length)
    {
        public Fr[] Values { get; } = values;
        public override Memory<Fr>? HostMemory => Values;
        public override void CopyFrom(ReadOnlySpan<Fr> source) { CheckLength(source.Length); source.CopyTo(Values); }
        public override void CopyTo(Span<Fr> destination) { CheckLength(destination.Length); Values.CopyTo(destination); }
    }

    private sealed class Bases(NaiveMsmDevice device, G1Affine[] points) : G1Bases(device, points.Length)
    {
        public G1Affine[] Points { get; } = points;
    }
}
