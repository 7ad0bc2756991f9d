using System.Numerics;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>Kernel Fr/Fq add, sub and Montgomery mul against the host fields, bit for bit, including edge values.</summary>
public abstract class IlgpuFieldTestsBase
{
    private protected abstract IlgpuDevice Device { get; }

    private static U256[] Edge(BigInteger p) =>
        [U256.Zero, U256.One, U256.FromBigInteger(p - 1), U256.FromBigInteger(p - 2), U256.FromBigInteger(p >> 1), U256.FromBigInteger((BigInteger.One << 255) % p)];

    protected void CheckFr()
    {
        var rng = new Random(101);
        var a = new List<U256>(); var b = new List<U256>();
        var edges = Edge(Fr.Modulus);
        foreach (var x in edges) foreach (var y in edges) { a.Add(x); b.Add(y); }
        for (int i = 0; i < 200; i++) { a.Add(Fr.Random(rng).Mont); b.Add(Fr.Random(rng).Mont); }
        var r = Device.FieldOps(a.ToArray(), b.ToArray());
        for (int i = 0; i < a.Count; i++)
        {
            Fr x = Fr.FromMontgomery(a[i]), y = Fr.FromMontgomery(b[i]);
            Assert.Equal((x * y).Mont, r[6 * i]);
            Assert.Equal((x + y).Mont, r[6 * i + 1]);
            Assert.Equal((x - y).Mont, r[6 * i + 2]);
        }
    }

    protected void CheckFq()
    {
        var rng = new Random(102);
        var a = new List<U256>(); var b = new List<U256>();
        var edges = Edge(Fq.Modulus);
        foreach (var x in edges) foreach (var y in edges) { a.Add(x); b.Add(y); }
        for (int i = 0; i < 200; i++) { a.Add(Fq.Random(rng).Mont); b.Add(Fq.Random(rng).Mont); }
        var r = Device.FieldOps(a.ToArray(), b.ToArray());
        for (int i = 0; i < a.Count; i++)
        {
            Fq x = Fq.FromMontgomery(a[i]), y = Fq.FromMontgomery(b[i]);
            Assert.Equal((x * y).Mont, r[6 * i + 3]);
            Assert.Equal((x + y).Mont, r[6 * i + 4]);
            Assert.Equal((x - y).Mont, r[6 * i + 5]);
        }
    }

    protected void CheckLengthMismatch() =>
        Assert.Throws<ArgumentException>(() => Device.FieldOps(new U256[3], new U256[2]));
}

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuFieldCpuAcceleratorTests(IlgpuCpuFixture fixture) : IlgpuFieldTestsBase
{
    private protected override IlgpuDevice Device => fixture.Device;
    [Fact] public void FrMatchesHost() => CheckFr();
    [Fact] public void FqMatchesHost() => CheckFq();
    [Fact] public void RejectsLengthMismatch() => CheckLengthMismatch();
}

public sealed class IlgpuFieldCudaTests : IlgpuFieldTestsBase
{
    private protected override IlgpuDevice Device => CudaTestDevice.Device;
    [CudaFact] public void FrMatchesHost() => CheckFr();
    [CudaFact] public void FqMatchesHost() => CheckFq();
}
