using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// Batched device Poseidon against circomlib's reference permutation on random constants (src/Merkle holds the real
/// circomlib constants; tests/ZkmlGpu.Merkle.Tests/IlgpuPoseidon*.cs checks those).
/// </summary>
public abstract class IlgpuPoseidonTestsBase
{
    private protected abstract IlgpuDevice Device { get; }

    protected void CheckWidth(int width, int count)
    {
        var rng = new Random(400 + width);
        var parameters = IlgpuReference.RandomPoseidon(rng, width, 8, width == 3 ? 57 : 60);
        var inputs = IlgpuReference.RandomFr(rng, count * (width - 1));
        inputs[0] = Fr.Zero;
        using var input = Device.Upload(inputs);
        using var output = Device.Allocate(count);
        Device.PoseidonHash(parameters, input, output);
        var got = output.ToArray();
        using var cpu = new Cpu.CpuDevice();
        using var cpuIn = cpu.Upload(inputs);
        using var cpuOut = cpu.Allocate(count);
        cpu.PoseidonHash(parameters, cpuIn, cpuOut);
        Assert.Equal(cpuOut.ToArray(), got);
        for (int i = 0; i < count; i++)
            Assert.Equal(IlgpuReference.PoseidonReference(parameters, inputs.AsSpan(i * (width - 1), width - 1)), got[i]);
    }

    protected void CheckParameterSwitch()
    {
        // The constants are cached per parameter object: a second set must replace them.
        var rng = new Random(450);
        var p1 = IlgpuReference.RandomPoseidon(rng, 3);
        var p2 = IlgpuReference.RandomPoseidon(rng, 3);
        var inputs = IlgpuReference.RandomFr(rng, 2);
        using var input = Device.Upload(inputs);
        using var output = Device.Allocate(1);
        Device.PoseidonHash(p1, input, output);
        Assert.Equal(IlgpuReference.PoseidonReference(p1, inputs), output.ToArray()[0]);
        Device.PoseidonHash(p2, input, output);
        Assert.Equal(IlgpuReference.PoseidonReference(p2, inputs), output.ToArray()[0]);
    }

    protected void CheckRejections()
    {
        var p = IlgpuReference.RandomPoseidon(new Random(460), 3);
        using var input = Device.Allocate(5);
        using var output = Device.Allocate(2);
        Assert.Throws<ArgumentException>(() => Device.PoseidonHash(p, input, output));
        Assert.Throws<ArgumentNullException>(() => Device.PoseidonHash(null!, input, output));
    }
}

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuPoseidonCpuAcceleratorTests(IlgpuCpuFixture fixture) : IlgpuPoseidonTestsBase
{
    private protected override IlgpuDevice Device => fixture.Device;

    [Theory]
    [InlineData(3, 37)]
    [InlineData(2, 9)]
    [InlineData(5, 11)]
    public void MatchesReference(int width, int count) => CheckWidth(width, count);

    [Fact] public void SwitchesParameterSets() => CheckParameterSwitch();
    [Fact] public void RejectsBadInput() => CheckRejections();
}

public sealed class IlgpuPoseidonCudaTests : IlgpuPoseidonTestsBase
{
    private protected override IlgpuDevice Device => CudaTestDevice.Device;
    [CudaFact] public void MatchesReference() { CheckWidth(3, 1000); CheckWidth(5, 100); }
}
