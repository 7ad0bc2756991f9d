using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Gpu.Tests;

/// <summary>
/// The ILGPU NTT's own settings: several shared-memory passes (strided and uneven tiles), twiddles kept for a larger
/// size, device vectors. What every device must compute is in <see cref="DeviceContractTests"/>.
/// </summary>
public abstract class IlgpuNttTestsBase
{
    private protected abstract IlgpuDevice Device { get; }

    protected void CheckForwardMatchesNaive(int maxLogTile)
    {
        int saved = Device.NttMaxLogTile;
        Device.NttMaxLogTile = maxLogTile;
        try
        {
            var rng = new Random(200 + maxLogTile);
            for (int logN = 0; logN <= 7; logN++)
            {
                var coeffs = IlgpuReference.RandomFr(rng, 1 << logN);
                using var v = Device.Upload(coeffs);
                Device.Ntt(v, NttDirection.Forward);
                Assert.Equal(IlgpuReference.NaiveEvaluate(coeffs, Fr.One), v.ToArray());
                Device.Ntt(v, NttDirection.Inverse);
                Assert.Equal(coeffs, v.ToArray());
            }
        }
        finally { Device.NttMaxLogTile = saved; }
    }

    protected void CheckLargerThenSmaller()
    {
        // Twiddles are kept for the largest size; a smaller transform afterwards must read them with a stride.
        var rng = new Random(230);
        var big = IlgpuReference.RandomFr(rng, 256);
        var small = IlgpuReference.RandomFr(rng, 16);
        using var vb = Device.Upload(big);
        Device.Ntt(vb, NttDirection.Forward);
        using var vs = Device.Upload(small);
        Device.Ntt(vs, NttDirection.Forward);
        Assert.Equal(IlgpuReference.NaiveEvaluate(small, Fr.One), vs.ToArray());
        Assert.Equal(IlgpuReference.NaiveEvaluate(big, Fr.One), vb.ToArray());
    }

    protected void CheckRejections()
    {
        using var three = Device.Allocate(3);
        Assert.Throws<ArgumentException>(() => Device.Ntt(three, NttDirection.Forward));
        using var empty = Device.Allocate(0);
        Assert.Throws<ArgumentException>(() => Device.Ntt(empty, NttDirection.Forward));
        using var four = Device.Allocate(4);
        Assert.Throws<ArgumentException>(() => Device.CosetNtt(four, Fr.Zero, NttDirection.Inverse));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.Ntt(four, (NttDirection)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.CosetNtt(four, Fr.One, (NttDirection)7));
        using var cpu = new Cpu.CpuDevice();
        using var foreign = cpu.Allocate(4);
        Assert.Throws<ArgumentException>(() => Device.Ntt(foreign, NttDirection.Forward));
        var disposed = Device.Allocate(4);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Device.Ntt(disposed, NttDirection.Forward));
    }

    protected void CheckTransfers()
    {
        var rng = new Random(240);
        var values = IlgpuReference.RandomFr(rng, 33);
        using var v = Device.Upload(values);
        Assert.Equal(values, v.ToArray());
        using var z = Device.Allocate(5);
        Assert.All(z.ToArray(), x => Assert.True(x.IsZero));
        Assert.Throws<ArgumentException>(() => v.CopyTo(new Fr[32]));
        Assert.Throws<ArgumentException>(() => v.CopyFrom(new Fr[34]));
    }
}

[Collection(IlgpuCpuCollection.Name)]
public sealed class IlgpuNttCpuAcceleratorTests(IlgpuCpuFixture fixture) : IlgpuNttTestsBase
{
    private protected override IlgpuDevice Device => fixture.Device;
    [Fact] public void ForwardAndRoundTripStridedPasses() => CheckForwardMatchesNaive(2);
    [Fact] public void ForwardAndRoundTripUnevenPasses() => CheckForwardMatchesNaive(3);
    [Fact] public void SmallerSizeAfterLargerReusesTwiddles() => CheckLargerThenSmaller();
    [Fact] public void RejectsBadInput() => CheckRejections();
    [Fact] public void UploadsAndDownloadsRawLimbs() => CheckTransfers();
}

public sealed class IlgpuNttCudaTests : IlgpuNttTestsBase
{
    private protected override IlgpuDevice Device => CudaTestDevice.Device;
    [CudaFact] public void ForwardAndRoundTripStridedPasses() => CheckForwardMatchesNaive(2);
    [CudaFact] public void ForwardAndRoundTripUnevenPasses() => CheckForwardMatchesNaive(3);
    [CudaFact] public void SmallerSizeAfterLargerReusesTwiddles() => CheckLargerThenSmaller();
}
