using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// The ILGPU Poseidon's constant cache: a second parameter set replaces the first. Hashes against circomlib's
/// reference are in <see cref="DeviceContractTests"/>; tests/ZkmlGpu.Merkle.Tests/IlgpuPoseidon*.cs checks the real
/// circomlib constants.
/// </summary>
public abstract class IlgpuPoseidonTestsBase
{
    private protected abstract IlgpuDevice Device { get; }

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

}

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuPoseidonCpuAcceleratorTests(IlgpuCpuFixture fixture) : IlgpuPoseidonTestsBase
{
    private protected override IlgpuDevice Device => fixture.Device;

    [Fact] public void SwitchesParameterSets() => CheckParameterSwitch();
}

public sealed class IlgpuPoseidonCudaTests : IlgpuPoseidonTestsBase
{
    private protected override IlgpuDevice Device => CudaTestDevice.Device;
    [CudaFact] public void SwitchesParameterSets() => CheckParameterSwitch();
}
